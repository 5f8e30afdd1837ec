using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Verge.Net.Serving;

/// <summary>
/// When a request reached the edge server: a middleware stamps it as soon as its headers are in, before its body is
/// read and decoded, on the server's own clock. A <c>deadline_ms</c> counts from there, as a gRPC deadline
/// (<c>grpc-timeout</c>) does: relative, so a client's clock never has to agree with the server's, and the time a
/// large frame spends arriving is spent from the request's budget, not added after it (Triton's <c>timeout</c>
/// parameter is likewise relative). Time a client spends before it sends the headers stays the client's.
/// </summary>
public static class RequestClock
{
    private static readonly object Key = new();

    public static void Stamp(WebApplication app, TimeProvider time) =>
        app.Use((http, next) =>
        {
            http.Items[Key] = time.GetUtcNow();
            return next(http);
        });

    public static DateTimeOffset? Received(HttpContext? http) =>
        http is not null && http.Items.TryGetValue(Key, out var t) && t is DateTimeOffset d ? d : null;
}
