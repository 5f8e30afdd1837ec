using Grpc.Core;
using Google.Protobuf;
using Verge.Core.Errors;
using Verge.Net.Client;
using Verge.Net.Device;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests;

/// <summary>Real Kestrel nodes on free loopback ports, real ONNX Runtime sessions, the MLP split by hand.</summary>
public sealed class RemoteInferenceTests
{
    private static FloatTensor[] LocalSplit(FloatTensor x, params StageModel[] stages)
    {
        FloatTensor[] tensors = [x];
        foreach (var s in stages)
        {
            using var session = new StageSession(s.Model, s.Inputs, s.Outputs);
            tensors = session.Run(tensors);
        }
        return tensors;
    }

    [Fact]
    public async Task DeviceHeadPlusEdgeTailEqualsLocalBitForBit()
    {
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        using var agent = await DeviceAgent.StartAsync(new DeviceAgentOptions
        {
            FullModel = TestModels.Full,
            Head = TestModels.HeadStage,
            RemoteUrl = edge.Url,
            RemoteStageId = "tail",
            RemoteStage = (TestModels.TailStage, null),
        });

        for (int frame = 0; frame < 3; frame++)
        {
            var x = TestModels.Input(frame);
            var result = await agent.InferAsync([x]);
            var expected = LocalSplit(x, TestModels.HeadStage, TestModels.TailStage);
            Assert.False(result.Fallback);
            Assert.Equal("device+edge", result.ComputedAt);
            Assert.Equal("y", result.Outputs[0].Name);
            Assert.Equal([1L, 10L], result.Outputs[0].Shape);
            Assert.Equal(expected[0].Data, result.Outputs[0].Data);
        }
        using var full = new StageSession(TestModels.Full);
        var whole = full.Run([TestModels.Input(0)])[0].Data;
        var split = LocalSplit(TestModels.Input(0), TestModels.HeadStage, TestModels.TailStage)[0].Data;
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], split[i], 1e-5f);
    }

    [Fact]
    public async Task DeviceEdgeCloudChainRunsAsOneCall()
    {
        await using var cloud = await NodeHost.StartAsync(new NodeHostOptions("cloud"));
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        using (var c = NodeClient.Connect(cloud.Url, LinkParameters.Unlimited))
            await c.LoadStageAsync(TestModels.CloudStage);
        var toCloud = new NextHopSpec(cloud.Url, "cloud", LinkParameters.FromMbps(1000, 0), TensorEncoding.Fp32);
        using var agent = await DeviceAgent.StartAsync(new DeviceAgentOptions
        {
            FullModel = TestModels.Full,
            Head = TestModels.HeadStage,
            RemoteUrl = edge.Url,
            RemoteStageId = "edge",
            RemoteStage = (TestModels.EdgeStage, toCloud),
        });

        var x = TestModels.Input(5);
        var result = await agent.InferAsync([x]);
        Assert.Equal("device+edge+cloud", result.ComputedAt);
        Assert.Equal(["device", "edge", "cloud"], result.Nodes.Select(n => n.Node));
        Assert.Equal(LocalSplit(x, TestModels.HeadStage, TestModels.EdgeStage, TestModels.CloudStage)[0].Data, result.Outputs[0].Data);
        // the cloud received g[1,128] in FP32 from the edge: 512 payload bytes plus the message around them
        Assert.InRange(result.Nodes[2].BytesReceived, 512, 600);
    }

    [Theory]
    [InlineData("fp32", 1024)]
    [InlineData("fp16", 512)]
    [InlineData("int8", 256)]
    [InlineData("fp32+lz4", 735)] // the head's ReLU zeros compress: 735 of 1024 bytes for this seeded input
    public async Task UplinkBytesAreTheEncodedMessage(string codec, int payload)
    {
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        var encoding = TensorEncoding.Parse(codec);
        using var agent = await DeviceAgent.StartAsync(new DeviceAgentOptions
        {
            FullModel = TestModels.Full,
            Head = TestModels.HeadStage,
            RemoteUrl = edge.Url,
            RemoteStageId = "tail",
            RemoteStage = (TestModels.TailStage, null),
            Encoding = encoding,
        });
        var x = TestModels.Input(3);
        var result = await agent.InferAsync([x]);

        var h = LocalSplit(x, TestModels.HeadStage)[0];
        var wire = TensorCodec.Encode(h, encoding);
        Assert.Equal(payload, wire.Payload.Length);
        var request = new InferRequest { StageId = "tail", FrameId = 0 };
        request.Inputs.Add(wire);
        Assert.Equal(request.CalculateSize(), result.Nodes[1].BytesReceived);
        Assert.Equal(request.CalculateSize() + 5, result.UplinkBytes); // + the gRPC frame prefix
        Assert.True(result.DownlinkBytes > 40, $"downlink {result.DownlinkBytes} bytes"); // y[1,10] in FP32 and timings
    }

    [Fact]
    public async Task MalformedTensorsAreRejectedAndTheNodeKeepsServing()
    {
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        using var client = NodeClient.Connect(edge.Url, LinkParameters.Unlimited);
        await client.LoadStageAsync(TestModels.TailStage);

        var bad = TensorCodec.Encode(new FloatTensor("h", [1, 256], new float[256]), TensorEncoding.Fp32);
        bad.Payload = ByteString.CopyFrom(new byte[7]);
        var request = new InferRequest { StageId = "tail" };
        request.Inputs.Add(bad);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(request));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("tensor 'h': payload has 7 bytes but shape [1,256] in Fp32 needs 1024", e.Status.Detail);

        var wrongShape = new InferRequest { StageId = "tail" };
        wrongShape.Inputs.Add(TensorCodec.Encode(new FloatTensor("h", [1, 3], new float[3]), TensorEncoding.Fp32));
        e = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(wrongShape));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("stage 'tail' on edge cannot run frame 0", e.Status.Detail);

        var unknown = new InferRequest { StageId = "nope" };
        e = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(unknown));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);

        e = await Assert.ThrowsAsync<RpcException>(() => client.LoadStageAsync(new StageModel("junk", [1, 2, 3], [], [])));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("stage 'junk': the model cannot be loaded", e.Status.Detail);

        // A stage is paced by its profiled time when the loader gives one; one the node could not hold a stage to
        // (negative, not a number, beyond a day) is refused.
        await client.LoadStageAsync(TestModels.TailStage with { Id = "paced", Typical = TimeSpan.FromMilliseconds(2) });
        foreach (var ms in new[] { -1.0, double.NaN, 1e308 })
        {
            var refused = new LoadStageRequest { StageId = "paced-bad", Model = ByteString.CopyFrom(TestModels.TailStage.Model), TypicalMs = ms };
            e = await Assert.ThrowsAsync<RpcException>(() => client.Stages.LoadStageAsync(refused).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Contains("typical_ms", e.Status.Detail);
        }

        Assert.True(await client.PingAsync() > TimeSpan.Zero);
    }

    [Fact]
    public async Task ABusyPortIsAOneLineInputError()
    {
        await using var first = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        var e = await Assert.ThrowsAsync<InputException>(() => NodeHost.StartAsync(new NodeHostOptions("cloud", Port: first.Port)));
        Assert.Contains($"cannot listen on 127.0.0.1:{first.Port}", e.Message);
        Assert.Contains("choose another port", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
