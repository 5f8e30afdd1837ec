using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
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
        return await KestrelHost.StartAsync(address, port, HttpProtocols.Http2, maxRequestBody: null, s =>
        {
            s.AddGrpc(g =>
            {
                g.MaxReceiveMessageSize = security.MaxMessageBytes;
                g.MaxSendMessageSize = security.MaxMessageBytes;
            });
            services(s);
        }, map, security, ct);
    }

    internal static IPAddress ParseAddress(string host) => KestrelHost.ParseAddress(host, "listen");
}
