using System.Security.Authentication;
using Grpc.Core;

namespace Verge.Net.Security;

/// <summary>
/// Words a call the security layer refused (a token the server does not accept, too small a role, a certificate
/// this client does not trust) as one line saying what to do, so the CLI reports it as the user's error.
/// </summary>
public static class SecurityRefusal
{
    /// <summary>The one line for <paramref name="e"/>, or null when it is not a security refusal.</summary>
    public static string? Describe(RpcException e)
    {
        if (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            return $"the server refused the call: {e.Status.Detail}";
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
            if (inner is AuthenticationException tls)
                return $"TLS with the server failed: {tls.Message.TrimEnd('.')}; pass --tls-ca with the server's certificate or its CA (verge cert writes one)";
        return null;
    }
}
