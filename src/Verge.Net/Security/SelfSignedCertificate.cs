using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Verge.Core.Errors;
using Verge.Core.Files;

namespace Verge.Net.Security;

/// <summary>
/// A self-signed certificate for development (`verge cert`): ECDSA P-256, valid for a year, naming localhost,
/// 127.0.0.1, ::1 and the host given. Clients trust it by pinning (--tls-ca cert.pem).
/// </summary>
public static class SelfSignedCertificate
{
    public const string CertificateName = "cert.pem";
    public const string KeyName = "key.pem";

    public static X509Certificate2 Create(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (IPAddress.TryParse(host, out var ip)) names.AddIpAddress(ip);
        else if (host != "localhost") names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
    }

    /// <summary>Writes cert.pem and key.pem (owner-only) into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Certificate, string Key) Write(string directory, string host)
    {
        using var cert = Create(host);
        var certPath = Path.Combine(directory, CertificateName);
        var keyPath = Path.Combine(directory, KeyName);
        AtomicFile.WriteAllText(certPath, cert.ExportCertificatePem() + "\n", "certificate");
        using var key = cert.GetECDsaPrivateKey()!;
        // Owner-only before the key's bytes go in and before the rename puts it in place.
        AtomicFile.WriteVia(keyPath, temporary =>
        {
            using (File.Create(temporary)) { }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.AppendAllText(temporary, key.ExportPkcs8PrivateKeyPem() + "\n");
        }, "private key");
        return (certPath, keyPath);
    }
}
