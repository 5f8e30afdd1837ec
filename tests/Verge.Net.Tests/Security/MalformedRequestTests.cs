using Grpc.Core;
using Grpc.Net.Client;
using Verge.Net.Federated;
using Verge.Net.Federated.Protos;
using Verge.Net.Hosting;
using Verge.Net.Protos;
using Verge.Net.Security;
using Verge.Net.Serving;
using Verge.Net.Tests.Serving;

namespace Verge.Net.Tests.Security;

/// <summary>
/// Issue 17: a request whose bytes are not protobuf is the caller's error on every gRPC service — INVALID_ARGUMENT
/// naming the message, not UNKNOWN — and the service answers the next valid call. Raw bytes go over a real loopback
/// socket through a byte-identity marshaller, as a hostile peer would send them.
/// </summary>
public sealed class MalformedRequestTests
{
    // A varint that never ends: no protobuf parser accepts it.
    private static readonly byte[] Garbage = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    private static readonly FederationServerOptions Options = new("fedavg", "mlp", "fp32", Rounds: 1, MinClients: 1)
    {
        RoundTimeout = TimeSpan.FromSeconds(30), TestLimit = -1,
    };

    [Fact]
    public async Task TheEdgeServersServicesAnswerInvalidArgumentAndKeepServing()
    {
        var root = OipModels.Repository();
        try
        {
            await using var host = await ServingHost.StartAsync(root, new NodeHostOptions("edge"), "http://127.0.0.1:0");
            using var channel = GrpcChannel.ForAddress(host.Url);
            await AssertInvalidArgument(channel, "verge.net.StageService", "Ping", "PingRequest");
            Assert.Equal("edge", (await new StageService.StageServiceClient(channel).PingAsync(new PingRequest())).Role);

            await AssertInvalidArgument(channel, "inference.GRPCInferenceService", "ModelReady", "ModelReadyRequest");
            var oip = new Verge.Net.Tests.Oip.Client.GRPCInferenceService.GRPCInferenceServiceClient(channel);
            Assert.True((await oip.ServerLiveAsync(new Verge.Net.Tests.Oip.Client.ServerLiveRequest())).Live);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task TheFederatedServerAnswersInvalidArgumentAndKeepsServing()
    {
        await using var server = await FederationServer.StartAsync(Options, "127.0.0.1", 0, _ => { });
        using var channel = GrpcChannel.ForAddress(server.Url);
        await AssertInvalidArgument(channel, "verge.federated.Federation", "Join", "JoinRequest");
        Assert.Equal("mlp", (await new Verge.Net.Federated.Protos.Federation.FederationClient(channel).JoinAsync(new JoinRequest { ClientId = 0 })).Model);
    }

    [Fact]
    public async Task WithTokensAnUnauthenticatedCallerIsRefusedBeforeItsBytesAreParsed()
    {
        // Bearer authentication is middleware before the gRPC endpoint: a stranger learns nothing about parsing.
        await using var server = await FederationServer.StartAsync(Options, "127.0.0.1", 0, _ => { },
            security: new ServerSecurity { Tokens = SecurityFixtures.Tokens });
        using var channel = GrpcChannel.ForAddress(server.Url);
        var e = await Assert.ThrowsAsync<RpcException>(() => Call(channel, "verge.federated.Federation", "Join"));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    private static async Task AssertInvalidArgument(GrpcChannel channel, string service, string method, string message)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Call(channel, service, method));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith($"request is not a valid {message} protobuf: ", e.Status.Detail);
    }

    private static async Task Call(GrpcChannel channel, string service, string method)
    {
        var bytes = Marshallers.Create(b => b, b => b);
        var raw = new Method<byte[], byte[]>(MethodType.Unary, service, method, bytes, bytes);
        await channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(), Garbage);
    }
}
