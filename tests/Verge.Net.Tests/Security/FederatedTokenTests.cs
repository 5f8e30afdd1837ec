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

    [Fact]
    public async Task AClientIdJoinedByOneTokenCannotBeTakenByAnother()
    {
        await using var server = await FederationServer.StartAsync(Options, "127.0.0.1", 0, _ => { }, security: new ServerSecurity { Tokens = SecurityFixtures.Tokens });
        Verge.Net.Federated.Protos.Federation.FederationClient With(string token) => new(GrpcChannel.ForAddress(server.Url, new GrpcChannelOptions
        {
            HttpHandler = new ClientSecurity(token).CreateTransport(), DisposeHttpClient = true,
        }));
        var owner = With(SecurityFixtures.InferToken);
        var first = (await owner.JoinAsync(new JoinRequest { ClientId = 0 })).Session;
        var e = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => With(SecurityFixtures.AdminToken).JoinAsync(new JoinRequest { ClientId = 0 }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("another caller", e.Status.Detail);
        // The same token may join again (a restarted device), and gets a fresh session.
        Assert.NotEqual(first, (await owner.JoinAsync(new JoinRequest { ClientId = 0 })).Session);
    }
}
