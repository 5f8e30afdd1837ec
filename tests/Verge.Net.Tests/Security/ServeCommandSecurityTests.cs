namespace Verge.Net.Tests.Security;

/// <summary>`verge serve` and `verge cert` as real child processes: the refusal is one line with exit 2, and cert writes a usable pair.</summary>
public sealed class ServeCommandSecurityTests
{
    [Fact]
    public async Task ServeOnAllInterfacesWithoutTlsOrTokensExitsWithOneLine()
    {
        var (exitCode, _, stderr) = await ChildProcess.RunVergeAsync("serve", "--listen", "http://0.0.0.0:50051");
        Assert.Equal(2, exitCode);
        Assert.Equal("verge: listening on 0.0.0.0:50051 (not loopback) needs --tls-cert/--tls-key and --tokens FILE; add them, or --insecure on a trusted network",
            stderr.Trim());
    }

    [Fact]
    public async Task CertWritesAPairServeCanLoad()
    {
        using var tmp = new TempDir("verge-cert-");
        var dir = tmp.File("out"); // not there yet: `verge cert` makes it
        var written = await ChildProcess.RunVergeAsync("cert", "--out", dir, "--host", "edge.local");
        Assert.Equal(0, written.ExitCode);
        var (cert, key) = (Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"));
        using var loaded = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(cert, key);
        Assert.True(loaded.HasPrivateKey);
        Assert.Contains("edge.local", loaded.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.DnsName, false) + loaded.Subject);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }
}
