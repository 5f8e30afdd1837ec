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
using Verge.Net.Security;

namespace Verge.Net.Hosting;

/// <summary>
/// Starts Kestrel on one HTTP/2-only endpoint with gRPC's message limits raised for tensors, for every Verge server
/// (stage nodes, federated servers): plaintext (h2c) or TLS, and behind the bearer-token check when the
/// <see cref="ServerSecurity"/> has tokens. Port 0 picks a free port; the URL returned has the real one.
/// </summary>
public static class GrpcHost
{
    public static async Task<(WebApplication App, string Url)> StartAsync(string host, int port,
        Action<IServiceCollection> services, Action<WebApplication> map, CancellationToken ct, ServerSecurity? security = null)
    {
        security ??= ServerSecurity.None;
        var address = ParseAddress(host);
        security.CheckListen(address, $"{host}:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            security.Listen(k, address, port, HttpProtocols.Http2);
        });
        builder.Services.AddGrpc(g =>
        {
            g.MaxReceiveMessageSize = security.MaxMessageBytes;
            g.MaxSendMessageSize = security.MaxMessageBytes;
        });
        services(builder.Services);

        var app = builder.Build();
        if (security.Tokens is { } tokens) app.UseBearerTokens(tokens);
        map(app);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InputException($"cannot listen on {host}:{port}: {e.Message.TrimEnd('.')}; choose another port");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var shown = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return (app, $"{security.Scheme}://{shown}:{bound}");
    }

    internal static IPAddress ParseAddress(string host)
    {
        if (host is "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return ip;
        throw new UsageException($"listen host '{host}' is not an IP address; use 127.0.0.1, 0.0.0.0 or localhost");
    }

    /// <summary>The caller decides when the server stops (Ctrl-C is the CLI's business), so the host hooks no signals.</summary>
    private sealed class CallerOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
