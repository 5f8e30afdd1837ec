using System.Net;
using Grpc.AspNetCore.Server.Model;
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
            UseValidatingMarshallers(s);
            services(s);
        }, map, security, ct);
    }

    // grpc-dotnet registers its open-generic BinderServiceMethodProvider<> (an internal type) in AddGrpc; ours binds
    // the same methods but answers an unparsable request with INVALID_ARGUMENT instead of UNKNOWN (issue 17).
    private static void UseValidatingMarshallers(IServiceCollection services)
    {
        var binder = services.SingleOrDefault(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType?.Name == "BinderServiceMethodProvider`1")
            ?? throw new InvalidOperationException("grpc-dotnet no longer registers BinderServiceMethodProvider<>; review ValidatingMethodProvider");
        services.Remove(binder);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ValidatingMethodProvider<>));
    }

    internal static IPAddress ParseAddress(string host) => KestrelHost.ParseAddress(host, "listen");
}
