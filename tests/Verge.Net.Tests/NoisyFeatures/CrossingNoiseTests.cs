using Google.Protobuf;
using Verge.Core.Spec;
using Verge.Inference.Graph.Building;
using Verge.Net.Device;
using Verge.Net.Hosting;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests.NoisyFeatures;

/// <summary>
/// Issue 13 item 1 over the wire: with <c>app.privacy.features</c> the device agent clips, nullifies and adds Laplace
/// noise to the tensor at the cut before it is encoded. The edge's stage here is the identity (h·I), so its reply is
/// exactly what arrived at the edge.
/// </summary>
public sealed class CrossingNoiseTests
{
    private static readonly StageModel Receiver = new("receiver", Identity(256), ["h"], ["r"]);

    [Fact]
    public async Task The_tensor_that_reaches_the_edge_is_noised_on_the_device()
    {
        var privacy = new FeaturePrivacySpec(50, 0.25) { Clip = 20 };
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        using var agent = await DeviceAgent.StartAsync(new DeviceAgentOptions
        {
            FullModel = TestModels.Full,
            Head = TestModels.HeadStage,
            RemoteUrl = edge.Url,
            RemoteStageId = "receiver",
            RemoteStage = (Receiver, null),
            PingEveryFrames = 1000,
            Noise = new CrossingNoise(privacy, new Random(7)),
        });
        var expectedNoise = new CrossingNoise(privacy, new Random(7));
        using var head = new StageSession(TestModels.HeadStage.Model, TestModels.HeadStage.Inputs, TestModels.HeadStage.Outputs);
        for (int frame = 0; frame < 3; frame++)
        {
            var clean = head.Run([TestModels.Input(frame)]);
            var received = (await agent.InferAsync([TestModels.Input(frame)])).Outputs[0].Data;
            var expected = expectedNoise.Apply(clean)[0].Data;

            Assert.Equal(expected, received); // the mechanism, draw for draw, and nothing else
            double l1Clean = clean[0].Data.Sum(v => Math.Abs(v)), l1Difference = 0;
            for (int i = 0; i < received.Length; i++) l1Difference += Math.Abs(received[i] - clean[0].Data[i]);
            Assert.True(l1Clean > 20, "the test input must be clipped");
            // Laplace b = 2B/ε = 0.8 per element: the mean absolute change is far above the features' own scale after clipping.
            Assert.True(l1Difference / received.Length > 0.4, $"mean |received − clean| = {l1Difference / received.Length}");
        }
    }

    [Fact]
    public void Without_a_clip_the_first_frame_calibrates_it_and_originals_are_untouched()
    {
        var noise = new CrossingNoise(new FeaturePrivacySpec(1000, 0));
        var first = new FloatTensor("h", [1, 4], [1, -2, 3, -4]);
        var noised = noise.Apply([first]);
        Assert.Equal(10, noise.Mechanism!.ClipL1);
        Assert.Equal([1f, -2, 3, -4], first.Data);
        Assert.NotEqual(first.Data, noised[0].Data);
        noise.Apply([new FloatTensor("h", [1, 4], [10, 10, 10, 10])]);
        Assert.Equal(10, noise.Mechanism.ClipL1); // fixed after the first frame
    }

    private static byte[] Identity(int n)
    {
        var eye = new float[n * n];
        for (int i = 0; i < n; i++) eye[i * n + i] = 1;
        var b = new OnnxBuilder("identity", producer: "verge-tests");
        var h = b.Input("h", 1, n);
        b.Output(b.MatMul("r", h, b.Constant("I", [n, n], eye)));
        return b.Build().ToByteArray();
    }
}
