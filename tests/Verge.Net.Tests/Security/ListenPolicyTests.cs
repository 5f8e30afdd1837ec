using Verge.Core.Errors;
using Verge.Net.Federated;
using Verge.Net.Hosting;
using Verge.Net.Security;

namespace Verge.Net.Tests.Security;

/// <summary>
/// A listener anyone on the network could reach refuses to start without TLS and tokens. The refusal comes before
/// binding, so these tests send no traffic anywhere.
/// </summary>
public sealed class ListenPolicyTests
{
    [Fact]
    public async Task AStageNodeOnAllInterfacesWithoutTlsOrTokensIsRefusedInOneLine()
    {
        var e = await Assert.ThrowsAsync<UsageException>(() => NodeHost.StartAsync(new NodeHostOptions("edge", Host: "0.0.0.0", Port: 50051)));
        Assert.Equal("listening on 0.0.0.0:50051 (not loopback) needs --tls-cert/--tls-key and --tokens FILE; add them, or --insecure on a trusted network", e.Message);
    }

    [Fact]
    public async Task TokensWithoutTlsAreNotEnough()
    {
        var security = new ServerSecurity { Tokens = SecurityFixtures.Tokens };
        var e = await Assert.ThrowsAsync<UsageException>(() => NodeHost.StartAsync(new NodeHostOptions("edge", Host: "0.0.0.0", Port: 50051) { Security = security }));
        Assert.Contains("needs --tls-cert/--tls-key;", e.Message);
    }

    [Fact]
    public async Task AFederatedServerOnAllInterfacesIsRefusedToo()
    {
        var options = new FederationServerOptions("fedavg", "mlp", "fp32", Rounds: 1, MinClients: 1) { TestLimit = -1 };
        var e = await Assert.ThrowsAsync<UsageException>(() => FederationServer.StartAsync(options, "0.0.0.0", 50061, _ => { }));
        Assert.Contains("--insecure", e.Message);
    }

    [Fact]
    public void HttpsWithoutACertificateAndHalfACertificateAreUsageErrors()
    {
        Assert.Throws<UsageException>(() => NodeHostOptions.FromListenUrl("edge", "https://127.0.0.1:0", 1));
        var half = new ServerSecurity { CertificateFile = "cert.pem" };
        var e = Assert.Throws<UsageException>(() => half.CheckListen(System.Net.IPAddress.Loopback, "127.0.0.1:0"));
        Assert.Contains("go together", e.Message);
    }
}
