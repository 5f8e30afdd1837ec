using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Verge.Net.Federated.Peers.Protos;

namespace Verge.Net.Tests.Federated;

/// <summary>A `verge fl peer` process refuses malformed messages with INVALID_ARGUMENT (or FAILED_PRECONDITION for another model), and keeps serving.</summary>
public sealed class GossipPeerRefusalTests
{
    [Fact]
    public async Task MalformedHellosAndExchangesAreRefused()
    {
        // Peer 0 of 2 waits for peer 1 to appear: it serves meanwhile, which is all this test needs.
        using var peer = ChildProcess.StartVerge("fl", "peer", "--peer-id", "0", "--peers", "2", "--model", "mlp", "--limit", "200", "--patience", "300");
        var url = (await peer.WaitForStdoutAsync("listening on")).Split("listening on ")[1].Split(';')[0].Trim();
        using var channel = GrpcChannel.ForAddress(url);
        var client = new GossipPeer.GossipPeerClient(channel);

        async Task<RpcException> Refused<T>(AsyncUnaryCall<T> call) => await Assert.ThrowsAsync<RpcException>(async () => await call);

        var bad = await Refused(client.ExchangeAsync(new ExchangeRequest { PeerId = 1, Round = 1, Weights = ByteString.CopyFrom(1, 2, 3) }));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("finite fp32 values", bad.Status.Detail);
        var self = await Refused(client.ExchangeAsync(new ExchangeRequest { PeerId = 0, Round = 1 }));
        Assert.Equal(StatusCode.InvalidArgument, self.StatusCode);
        var url2 = await Refused(client.HelloAsync(new HelloRequest { From = new PeerAddress { PeerId = 1, Url = "ftp://x" }, Model = "mlp" }));
        Assert.Equal(StatusCode.InvalidArgument, url2.StatusCode);
        var other = await Refused(client.HelloAsync(new HelloRequest { From = new PeerAddress { PeerId = 1, Url = "http://127.0.0.1:1" }, Model = "cnn-small" }));
        Assert.Equal(StatusCode.FailedPrecondition, other.StatusCode);
        Assert.Contains("--model", other.Status.Detail);

        // Still serving: a well-formed hello is answered with the peer's id.
        var hello = await client.HelloAsync(new HelloRequest { From = new PeerAddress { PeerId = 1, Url = "http://127.0.0.1:1" }, Model = "mlp" });
        Assert.Equal(0, hello.PeerId);
    }

    [Fact]
    public async Task APeerWithTokensRefusesACallerWithout()
    {
        var tokens = Path.GetTempFileName();
        await File.WriteAllTextAsync(tokens, "peer-secret-0123456789abcdef infer\n");
        try
        {
            using var peer = ChildProcess.StartVerge("fl", "peer", "--peer-id", "0", "--peers", "2", "--model", "mlp", "--limit", "200", "--patience", "300", "--tokens", tokens);
            var url = (await peer.WaitForStdoutAsync("listening on")).Split("listening on ")[1].Split(';')[0].Trim();
            using var channel = GrpcChannel.ForAddress(url);
            var client = new GossipPeer.GossipPeerClient(channel);
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await client.HelloAsync(new HelloRequest { From = new PeerAddress { PeerId = 1, Url = "http://127.0.0.1:1" }, Model = "mlp" }));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            var hello = await client.HelloAsync(new HelloRequest { From = new PeerAddress { PeerId = 1, Url = "http://127.0.0.1:1" }, Model = "mlp" },
                new Metadata { { "authorization", "Bearer peer-secret-0123456789abcdef" } });
            Assert.Equal(0, hello.PeerId);
        }
        finally
        {
            File.Delete(tokens);
        }
    }
}
