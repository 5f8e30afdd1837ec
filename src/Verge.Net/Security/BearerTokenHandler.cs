using System.Net.Http.Headers;

namespace Verge.Net.Security;

/// <summary>Adds <c>authorization: Bearer TOKEN</c> to every request (works over h2c too, unlike gRPC call credentials).</summary>
internal sealed class BearerTokenHandler(string token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly AuthenticationHeaderValue _header = new("Bearer", token);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Authorization = _header;
        return base.SendAsync(request, ct);
    }
}
