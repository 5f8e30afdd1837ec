using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Verge.Core.Errors;

namespace Verge.Net.Security;

/// <summary>
/// How a Verge host secures its listeners: a PEM certificate and key for TLS, the tokens it accepts, and whether a
/// non-loopback listener may run without them (<see cref="Insecure"/>). <see cref="Outbound"/> is the trust the
/// host uses when it calls another node itself (a stage's next hop). <see cref="None"/>: plaintext, no tokens.
/// </summary>
public sealed record ServerSecurity
{
    public static readonly ServerSecurity None = new();

    /// <summary>Largest gRPC message by default (a large activation tensor fits).</summary>
    public const int DefaultMaxMessageBytes = 256 * 1024 * 1024;

    public string? CertificateFile { get; init; }
    public string? KeyFile { get; init; }
    public TokenTable? Tokens { get; init; }
    public bool Insecure { get; init; }
    public ClientSecurity Outbound { get; init; } = ClientSecurity.None;
    /// <summary>Nodes a loaded stage may forward to (scheme://host:port); empty: loopback only, and only on a loopback node.</summary>
    public IReadOnlyList<string> AllowedNextHops { get; init; } = [];

    /// <summary>Largest message the host accepts or sends; larger ones get RESOURCE_EXHAUSTED before any parsing.</summary>
    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary>Elements all tensors of one request may declare together (checked before decoding).</summary>
    public long MaxRequestElements { get; init; } = Wire.TensorCodec.MaxElements;

    /// <summary>Bytes decoding one request's tensors may allocate (floats plus LZ4 buffers), checked before decoding.</summary>
    public long MaxRequestBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary>Bytes all requests being served at once may hold (message plus decoded tensors); beyond: RESOURCE_EXHAUSTED.</summary>
    public long MaxInFlightBytes { get; init; } = 4L * DefaultMaxMessageBytes;

    /// <summary>Stages a node holds at once (each holds an ONNX Runtime session); a load beyond gets RESOURCE_EXHAUSTED.</summary>
    public int MaxStages { get; init; } = 1024;

    public bool Tls => CertificateFile is not null;
    public string Scheme => Tls ? "https" : "http";

    /// <summary>
    /// Refuses, before anything binds, a listener that anyone on the network could reach in plaintext or without
    /// tokens; loopback stays open so demos and tests need no set-up.
    /// </summary>
    public void CheckListen(IPAddress address, string shown)
    {
        if ((CertificateFile is null) != (KeyFile is null))
            throw new UsageException("--tls-cert and --tls-key go together; give both PEM files (verge cert --out DIR writes a pair)");
        if (IPAddress.IsLoopback(address) || Insecure || (Tls && Tokens is not null))
            return;
        var missing = string.Join(" and ", new[] { Tls ? null : "--tls-cert/--tls-key", Tokens is null ? "--tokens FILE" : null }.OfType<string>());
        throw new UsageException($"listening on {shown} (not loopback) needs {missing}; add them, or --insecure on a trusted network");
    }

    /// <summary>
    /// Whether a stage loaded on a node listening on <paramref name="listen"/> may open connections to
    /// <paramref name="hop"/>: a peer must not point the node at arbitrary addresses (issue 17).
    /// </summary>
    public bool AllowsNextHop(Uri hop, IPAddress listen)
    {
        if (AllowedNextHops.Count == 0)
            return IPAddress.IsLoopback(listen) && (hop.IsLoopback || (IPAddress.TryParse(hop.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
        return AllowedNextHops.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var allowed)
            && Uri.Compare(allowed, hop, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
    }

    /// <summary>Adds one listener with these settings; every Verge host (gRPC port, REST port) goes through here.</summary>
    public void Listen(KestrelServerOptions kestrel, IPAddress address, int port, HttpProtocols protocols)
    {
        var certificate = Tls ? LoadCertificate() : null;
        kestrel.Listen(address, port, o =>
        {
            o.Protocols = protocols;
            if (certificate is not null) o.UseHttps(certificate);
        });
    }

    private X509Certificate2 LoadCertificate()
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(CertificateFile!, KeyFile);
            // Re-imported as PKCS#12 so the key is not ephemeral (TLS stacks need a persisted key on some platforms).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InputException($"cannot load --tls-cert '{CertificateFile}' with --tls-key '{KeyFile}': {e.Message.TrimEnd('.')}; give a PEM certificate and its PEM key");
        }
    }
}
