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

    [Fact]
    public async Task ARequestThatDecodesPastTheBytesLimitIsRefusedNamingIt()
    {
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge") { Security = new ServerSecurity { MaxRequestBytes = 4000 } });
        using var client = NodeClient.Connect(node.Url, LinkParameters.Unlimited);
        await client.LoadStageAsync(TestModels.TailStage);
        // 256 floats in FP16 + LZ4: 1024 bytes of floats and 512 of decompression buffer, three times over.
        var request = new InferRequest { StageId = "tail" };
        for (int i = 0; i < 3; i++)
            request.Inputs.Add(new Tensor { Name = "h", Dtype = 1, Codec = Codec.Fp16, Shape = { 1, 256 }, Lz4 = true, Payload = ByteString.CopyFrom(1, 2, 3) });
        var e = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(request));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("decode to 4608 bytes", e.Status.Detail);
        Assert.Contains("limit of 4000 bytes per request (--max-request-mb)", e.Status.Detail);
    }

    [Fact]
    public async Task ARequestOverTheInFlightBudgetIsResourceExhausted()
    {
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge") { Security = new ServerSecurity { MaxInFlightBytes = 1500 } });
        using var client = NodeClient.Connect(node.Url, LinkParameters.Unlimited);
        await client.LoadStageAsync(TestModels.TailStage);
        var request = new InferRequest { StageId = "tail" };
        request.Inputs.Add(Verge.Net.Wire.TensorCodec.Encode(new Verge.Net.Wire.FloatTensor("h", [1, 256], new float[256]), Verge.Net.Wire.TensorEncoding.Fp32));
        var e = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(request));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("--max-inflight-mb", e.Status.Detail);

        var budget = new InFlightBudget(100);
        Assert.True(budget.TryReserve(60));
        Assert.False(budget.TryReserve(41));
        budget.Release(60);
        Assert.True(budget.TryReserve(100));
    }

    [Fact]
    public void AnLz4PayloadClaimingMoreThan255FoldIsRefusedBeforeAllocating()
    {
        var bomb = new Tensor { Name = "x", Dtype = 1, Shape = { 1, 1 << 20 }, Lz4 = true, Payload = ByteString.CopyFrom(new byte[1000]) };
        var e = Assert.Throws<RpcException>(() => Verge.Net.Wire.TensorCodec.Decode(bomb));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("expands at most 255x", e.Status.Detail);
        // Zeros compress as far as LZ4 goes, and still decode.
        var zeros = new Verge.Net.Wire.FloatTensor("z", [1, 1 << 20], new float[1 << 20]);
        Assert.Equal(1 << 20, Verge.Net.Wire.TensorCodec.Decode(Verge.Net.Wire.TensorCodec.Encode(zeros, new Verge.Net.Wire.TensorEncoding(Codec.Fp32, true))).Data.Length);
    }
}
