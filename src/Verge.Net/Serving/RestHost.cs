using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Verge.Core.Errors;
using Verge.Net.Hosting;
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
            throw new UsageException($"REST listen address '{listenUrl}' is not of the form {security.Scheme}://HOST:PORT; give e.g. {security.Scheme}://127.0.0.1:8000")
                { Term = "REST listen address" };
        var address = KestrelHost.ParseAddress(uri.Host, "REST listen");
        security.CheckListen(address, $"{uri.Host}:{uri.Port}");
        return await KestrelHost.StartAsync(address, uri.Port, HttpProtocols.Http1, security.MaxMessageBytes, _ => { }, map, security, ct);
    }
}
