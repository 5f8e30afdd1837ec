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
/// Starts Kestrel on one endpoint for every Verge server (gRPC on HTTP/2, the REST form on HTTP/1.1): plaintext or
/// TLS, behind the bearer-token check when the <see cref="ServerSecurity"/> has tokens, logging off, no signal hooks.
/// Port 0 picks a free port; the URL returned has the real one.
/// </summary>
public static class KestrelHost
{
    public static async Task<(WebApplication App, string Url)> StartAsync(IPAddress address, int port, HttpProtocols protocols,
        long? maxRequestBody, Action<IServiceCollection> services, Action<WebApplication> map, ServerSecurity security, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = maxRequestBody;
            security.Listen(k, address, port, protocols);
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
            throw new InputException($"cannot listen on {Show(address)}:{port}: {e.Message.TrimEnd('.')}; choose another port");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return (app, $"{security.Scheme}://{Show(address)}:{bound}");
    }

    /// <summary>A listen host as an address: an IP literal or localhost.</summary>
    public static IPAddress ParseAddress(string host, string term)
    {
        if (host is "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return ip;
        throw new UsageException($"{term} host '{host}' is not an IP address; use 127.0.0.1, 0.0.0.0 or localhost") { Term = term };
    }

    private static string Show(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    /// <summary>The caller decides when the server stops (Ctrl-C is the CLI's business), so the host hooks no signals.</summary>
    private sealed class CallerOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
