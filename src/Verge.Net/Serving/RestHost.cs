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

namespace Verge.Net.Serving;

/// <summary>
/// Kestrel on one HTTP/1.1 endpoint for the REST form, on its own port (as Triton does): Kestrel cannot serve
/// HTTP/1.1 and plaintext HTTP/2 on one endpoint, and the gRPC port speaks HTTP/2 only.
/// </summary>
public static class RestHost
{
    public static async Task<(WebApplication App, string Url)> StartAsync(string listenUrl, Action<WebApplication> map, CancellationToken ct,
        ServerSecurity? security = null)
    {
        security ??= ServerSecurity.None;
        if (!Uri.TryCreate(listenUrl, UriKind.Absolute, out var uri) || uri.Scheme != security.Scheme || uri.AbsolutePath != "/")
            throw new UsageException($"--http-listen '{listenUrl}' is not of the form {security.Scheme}://HOST:PORT; give e.g. {security.Scheme}://127.0.0.1:8000");
        var address = uri.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip
            : throw new UsageException($"--http-listen host '{uri.Host}' is not an IP address; use 127.0.0.1, 0.0.0.0 or localhost");

        security.CheckListen(address, $"{uri.Host}:{uri.Port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoSignals>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = security.MaxMessageBytes;
            security.Listen(k, address, uri.Port, HttpProtocols.Http1);
        });
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
            throw new InputException($"cannot listen on {listenUrl}: {e.Message.TrimEnd('.')}; choose another port");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        int bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var shown = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return (app, $"{security.Scheme}://{shown}:{bound}");
    }

    /// <summary>The caller decides when the server stops, so the host hooks no signals.</summary>
    private sealed class NoSignals : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
