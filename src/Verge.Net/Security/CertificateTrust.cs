using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Verge.Net.Security;

/// <summary>
/// Validates a server certificate against roots given by the user instead of the system store: the host name must
/// match, and the certificate must be one of the roots (a pinned self-signed one) or chain to one of them.
/// </summary>
internal static class CertificateTrust
{
    public static bool Accepts(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        var cert = presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        foreach (var root in roots)
            if (root.RawDataMemory.Span.SequenceEqual(cert.RawDataMemory.Span))
                return DateTime.Now >= cert.NotBefore && DateTime.Now <= cert.NotAfter;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}
