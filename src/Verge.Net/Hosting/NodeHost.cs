using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Verge.Net.Hosting;

/// <summary>
/// A Verge node in this process: Kestrel on one HTTP/2-only endpoint (h2c, or TLS), hosting the stage service.
/// Start it, read <see cref="Url"/>, dispose it to stop (which also disposes every stage it holds).
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NodeHost(WebApplication app, NodeHostOptions options, string url)
    {
        _app = app;
        Options = options;
        Url = url;
    }

    public NodeHostOptions Options { get; }
    public string Role => Options.Role;
    /// <summary>The address clients dial, with the real port when the options asked for port 0.</summary>
    public string Url { get; }
    public int Port => new Uri(Url).Port;
    /// <summary>The stages it holds now (tests check that deployments free theirs).</summary>
    internal int StageCount => _app.Services.GetRequiredService<StageRegistry>().Count;
    /// <summary>What it holds of input-wise frames under halo exchange (tests drop frames mid-chain).</summary>
    internal TileHaloStore HaloStore => _app.Services.GetRequiredService<TileHaloStore>();

    public static async Task<NodeHost> StartAsync(NodeHostOptions options, CancellationToken ct = default)
    {
        var (app, url) = await GrpcHost.StartAsync(options.Host, options.Port,
            services => services.AddSingleton(options).AddSingleton<StageRegistry>().AddSingleton<TileHaloStore>().AddSingleton(new InFlightBudget(options.Security.MaxInFlightBytes)),
            app => app.MapGrpcService<StageNodeService>(), ct, options.Security);
        return new NodeHost(app, options, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
