using Google.Protobuf;
using Grpc.Core;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Security;

namespace Verge.Net.Tests.Security;

/// <summary>The host's message cap is configurable and enforced before the handler runs.</summary>
public sealed class MessageLimitTests
{
    [Fact]
    public async Task AMessageOverTheHostsCapIsRefused()
    {
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge") { Security = new ServerSecurity { MaxMessageBytes = 64 * 1024 } });
        using var client = NodeClient.Connect(node.Url, LinkParameters.Unlimited);
        await client.EchoAsync(1024);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.Stages.PingAsync(new PingRequest { Payload = ByteString.CopyFrom(new byte[128 * 1024]) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task ARequestDeclaringTooManyElementsInAllIsRefusedBeforeDecoding()
    {
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge") { Security = new ServerSecurity { MaxRequestElements = 1000 } });
        using var client = NodeClient.Connect(node.Url, LinkParameters.Unlimited);
        await client.LoadStageAsync(TestModels.TailStage);
        var request = new InferRequest { StageId = "tail" };
        // Three tensors under the per-tensor cap, over the request's; their payloads are empty: nothing is decoded.
        for (int i = 0; i < 3; i++)
            request.Inputs.Add(new Tensor { Name = "h", Dtype = 1, Shape = { 1, 400 }, Lz4 = true });
        var e = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(request));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("more than 1000 elements", e.Status.Detail);
    }
}
