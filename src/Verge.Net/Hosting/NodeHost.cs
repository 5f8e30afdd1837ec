using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verge.Core.Errors;
using Verge.Net.Client;

namespace Verge.Net.Hosting;

/// <summary>
/// A Verge node in this process: Kestrel on one HTTP/2-only plaintext (h2c) endpoint, hosting the stage service.
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

    public static async Task<NodeHost> StartAsync(NodeHostOptions options, CancellationToken ct = default)
    {
        var address = ParseAddress(options.Host);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(address, options.Port, o => o.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc(g =>
        {
            g.MaxReceiveMessageSize = NodeClient.MaxMessageBytes;
            g.MaxSendMessageSize = NodeClient.MaxMessageBytes;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<StageRegistry>();

        var app = builder.Build();
        app.MapGrpcService<StageNodeService>();
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InputException($"cannot listen on {options.Host}:{options.Port}: {e.Message.TrimEnd('.')}; choose another port");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new NodeHost(app, options, $"http://{host}:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IPAddress ParseAddress(string host)
    {
        if (host is "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return ip;
        throw new UsageException($"listen host '{host}' is not an IP address; use 127.0.0.1, 0.0.0.0 or localhost");
    }

    /// <summary>The caller decides when the node stops (Ctrl-C is the CLI's business), so the host hooks no signals.</summary>
    private sealed class CallerOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
