using Verge.Net.Security;

namespace Verge.Net.Tests.Security;

/// <summary>Tokens and a generated certificate the security tests share; the certificate lives in the test's own scratch folder.</summary>
internal static class SecurityFixtures
{
    public const string AdminToken = "admin-0123456789abcdef";
    public const string InferToken = "infer-0123456789abcdef";
    public const string OtherAdminToken = "admin-fedcba9876543210";

    public static TokenTable Tokens { get; } = TokenTable.Parse([$"{AdminToken} admin", $"{InferToken} infer  # a device", $"{OtherAdminToken} admin"]);

    /// <summary>A certificate and key for localhost in <paramref name="dir"/>'s subfolder <paramref name="folder"/> (gone when the folder is disposed).</summary>
    public static (string Certificate, string Key) WriteCertificate(TempDir dir, string folder = "tls") =>
        SelfSignedCertificate.Write(Directory.CreateDirectory(dir.File(folder)).FullName, "localhost");
}
