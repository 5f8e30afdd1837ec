using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Verge.Inference.Serving;
using Verge.Net.Hosting;
using Verge.Net.Serving.Observability;

namespace Verge.Net.Serving;

/// <summary>
/// The edge server in this process (`verge serve --models`): an <see cref="InferenceServer"/> over a model
/// repository, the Open Inference Protocol's gRPC service beside the stage service on the gRPC port, and, when
/// asked, its REST form on a port of its own. Dispose to stop; it owns all three.
/// <see cref="AddGrpc"/>, <see cref="MapGrpc"/> and <see cref="MapRest"/> are the one place the services are
/// registered; both ports use the node's <see cref="Security.ServerSecurity"/> (TLS, bearer tokens: the repository's
/// load and unload need the admin role, everything else infer).
/// </summary>
public sealed class ServingHost : IAsyncDisposable
{
    private readonly WebApplication _grpc;
    private readonly WebApplication? _rest;

    private ServingHost(InferenceServer server, WebApplication grpc, string url, WebApplication? rest, string? restUrl)
    {
        Server = server;
        _grpc = grpc;
        Url = url;
        _rest = rest;
        RestUrl = restUrl;
    }

    public InferenceServer Server { get; }
    /// <summary>The gRPC address (stage service and Open Inference Protocol), with the real port when 0 was asked.</summary>
    public string Url { get; }
    /// <summary>The REST address, when <c>--http-listen</c> was given.</summary>
    public string? RestUrl { get; }

    public static async Task<ServingHost> StartAsync(string modelRoot, NodeHostOptions node, string? httpListen,
        InferenceServerOptions? options = null, CancellationToken ct = default)
    {
        var server = await InferenceServer.StartAsync(modelRoot, options, ct);
        WebApplication? grpc = null;
        try
        {
            var (app, url) = await GrpcHost.StartAsync(node.Host, node.Port, s => AddGrpc(s, node, server), MapGrpc, ct, node.Security);
            grpc = app;
            if (httpListen is null) return new ServingHost(server, app, url, null, null);
            var (rest, restUrl) = await RestHost.StartAsync(httpListen, r => MapRest(r, server), ct, node.Security);
            return new ServingHost(server, app, url, rest, restUrl);
        }
        catch
        {
            if (grpc is not null) await grpc.DisposeAsync();
            await server.DisposeAsync();
            throw;
        }
    }

    public static void AddGrpc(IServiceCollection services, NodeHostOptions node, InferenceServer server) =>
        services.AddSingleton(node).AddSingleton<StageRegistry>().AddSingleton<TileHaloStore>().AddSingleton(new InFlightBudget(node.Security.MaxInFlightBytes)).AddSingleton(server);

    public static void MapGrpc(WebApplication app)
    {
        RequestClock.Stamp(app, app.Services.GetRequiredService<InferenceServer>().Options.Time);
        app.MapGrpcService<StageNodeService>();
        app.MapGrpcService<OipGrpcService>();
    }

    public static void MapRest(WebApplication app, InferenceServer server)
    {
        RequestClock.Stamp(app, server.Options.Time);
        OipRestEndpoints.Map(app, server);
        new ServingMetrics(server).Map(app);
        Dashboard.Map(app, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (_rest is not null)
        {
            await _rest.StopAsync();
            await _rest.DisposeAsync();
        }
        await _grpc.StopAsync();
        await _grpc.DisposeAsync();
        await Server.DisposeAsync();
    }
}
