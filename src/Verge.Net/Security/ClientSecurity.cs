using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Verge.Core.Errors;

namespace Verge.Net.Security;

/// <summary>
/// How a client talks to a Verge server: the bearer token it sends (null: none), and the CA or self-signed
/// certificate it trusts for https:// servers (null: the system's trust store). Validation is never switched off:
/// a server whose certificate does not chain to <see cref="CaFile"/> or does not name the host is refused.
/// </summary>
public sealed record ClientSecurity(string? Token = null, string? CaFile = null)
{
    /// <summary>The variable the CLI reads a token from when --token is not given.</summary>
    public const string TokenVariable = "VERGE_TOKEN";

    public static readonly ClientSecurity None = new();

    private readonly Lazy<X509Certificate2Collection?> _trusted = new(() => CaFile is null ? null : LoadCa(CaFile));

    /// <summary>The transport under a gRPC channel: sockets with this trust, and the token on every request.</summary>
    public HttpMessageHandler CreateTransport()
    {
        var sockets = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (_trusted.Value is { } roots)
            sockets.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => CertificateTrust.Accepts(cert, errors, roots);
        return Token is null ? sockets : new BearerTokenHandler(Token, sockets);
    }

    /// <summary>Checks a server URL is http:// or https:// (the only schemes a Verge server speaks).</summary>
    public static Uri CheckUrl(string url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"{what} '{url}' is not an http:// or https:// address");
        return uri;
    }

    private static X509Certificate2Collection LoadCa(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InputException($"cannot read --tls-ca '{path}': {e.Message.TrimEnd('.')}; give a PEM certificate file (verge cert writes one)");
        }
        if (roots.Count == 0)
            throw new InputException($"--tls-ca '{path}' holds no PEM certificate; give the server's CA or its self-signed cert.pem");
        return roots;
    }
}
