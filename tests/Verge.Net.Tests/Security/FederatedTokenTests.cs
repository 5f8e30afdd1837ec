using Grpc.Net.Client;
using Verge.Core.Errors;
using Verge.Net.Federated;
using Verge.Net.Federated.Protos;
using Verge.Net.Security;

namespace Verge.Net.Tests.Security;

/// <summary>A federated server with tokens on loopback: a client without one is refused in one line; an infer token joins.</summary>
public sealed class FederatedTokenTests
{
    private static readonly FederationServerOptions Options = new("fedavg", "mlp", "fp32", Rounds: 1, MinClients: 1)
    {
        RoundTimeout = TimeSpan.FromSeconds(30), TestLimit = -1,
    };

    [Fact]
    public async Task AClientWithoutATokenIsRefused()
    {
        await using var server = await FederationServer.StartAsync(Options, "127.0.0.1", 0, _ => { }, security: new ServerSecurity { Tokens = SecurityFixtures.Tokens });
        var client = new FederationClientOptions(server.Url, 0, 1) { Patience = TimeSpan.FromSeconds(5) };
        var e = await Assert.ThrowsAsync<InputException>(() => FederationClientRunner.RunAsync(client, _ => { }));
        Assert.Contains("refused this client", e.Message);
        Assert.Contains("no bearer token", e.Message);
    }

    [Fact]
    public async Task AnInferTokenJoins()
    {
        await using var server = await FederationServer.StartAsync(Options, "127.0.0.1", 0, _ => { }, security: new ServerSecurity { Tokens = SecurityFixtures.Tokens });
        using var channel = GrpcChannel.ForAddress(server.Url, new GrpcChannelOptions
        {
            HttpHandler = new ClientSecurity(SecurityFixtures.InferToken).CreateTransport(),
        });
        var join = await new Verge.Net.Federated.Protos.Federation.FederationClient(channel).JoinAsync(new JoinRequest { ClientId = 0 });
        Assert.Equal("mlp", join.Model);
    }
}
