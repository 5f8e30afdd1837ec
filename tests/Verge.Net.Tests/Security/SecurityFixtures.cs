using Verge.Net.Security;

namespace Verge.Net.Tests.Security;

/// <summary>Tokens and a generated certificate the security tests share; the certificate lives in a temp folder per test class.</summary>
internal static class SecurityFixtures
{
    public const string AdminToken = "admin-0123456789abcdef";
    public const string InferToken = "infer-0123456789abcdef";
    public const string OtherAdminToken = "admin-fedcba9876543210";

    public static TokenTable Tokens { get; } = TokenTable.Parse([$"{AdminToken} admin", $"{InferToken} infer  # a device", $"{OtherAdminToken} admin"]);

    public static (string Certificate, string Key) WriteCertificate() => SelfSignedCertificate.Write(TempDir.Fresh("verge-tls-"), "localhost");
}
