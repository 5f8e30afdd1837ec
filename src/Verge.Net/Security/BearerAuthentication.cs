using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Verge.Net.Security;

/// <summary>
/// The one check every endpoint on a Verge host goes through, gRPC and REST alike: it runs after routing, reads the
/// endpoint's <see cref="RequiresRoleAttribute"/> (default <see cref="TokenRole.Infer"/>; none with
/// <c>AllowAnonymous</c>), and answers a missing or unknown token with UNAUTHENTICATED (HTTP 401) and a token of
/// too small a role with PERMISSION_DENIED (HTTP 403). gRPC callers get a trailers-only gRPC status, so their
/// client reports the code and the message, not a bare HTTP error.
/// </summary>
public static class BearerAuthentication
{
    private const string Prefix = "Bearer ";

    public static void UseBearerTokens(this WebApplication app, TokenTable tokens) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await next(context);
            return;
        }
        var needed = endpoint?.Metadata.GetMetadata<RequiresRoleAttribute>()?.Role ?? TokenRole.Infer;
        string header = context.Request.Headers.Authorization.ToString();
        var grant = header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? tokens.Find(header[Prefix.Length..].Trim()) : null;
        if (grant is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, 16,
                header.Length == 0 ? "no bearer token; send 'authorization: Bearer TOKEN' (--token or VERGE_TOKEN)" : "unknown bearer token; use a token from the server's --tokens file");
            return;
        }
        if (!grant.Allows(needed))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, 7,
                $"{Describe(endpoint)} needs role {needed.ToString().ToLowerInvariant()}, the token has {grant.Role.ToString().ToLowerInvariant()}; use an {needed.ToString().ToLowerInvariant()} token");
            return;
        }
        context.Features.Set(grant);
        await next(context);
    });

    /// <summary>Who is calling: the grant the check stored, or <see cref="TokenGrant.Anonymous"/> on a host without tokens.</summary>
    public static TokenGrant Caller(HttpContext context) => context.Features.Get<TokenGrant>() ?? TokenGrant.Anonymous;

    private static string Describe(Endpoint? endpoint) => endpoint?.DisplayName is { Length: > 0 } name ? name.Replace("gRPC - ", "") : "this call";

    private static async Task RefuseAsync(HttpContext context, int httpStatus, int grpcStatus, string message)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only gRPC response: HTTP 200 with the status in the headers (gRPC over HTTP/2 spec).
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = grpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }
        context.Response.StatusCode = httpStatus;
        context.Response.Headers[HeaderNames.ContentType] = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }));
    }
}
