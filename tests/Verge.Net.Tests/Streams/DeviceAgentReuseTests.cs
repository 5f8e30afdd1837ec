using Verge.Inference.Serving.Streams;
using Verge.Inference.Serving.Streams.ChangeDetection;
using Verge.Net.Device;
using Verge.Net.Hosting;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests.Streams;

/// <summary>
/// Issue 14 item 2 on the device agent: a real edge node, the MLP split device/edge, and a stream of two scenes with
/// static stretches (camera noise only). The agent's gate is the one <c>verge run</c> replays, so it makes the same
/// decisions as <see cref="ReuseReplay"/>; reused frames put no byte on the link.
/// </summary>
public sealed class DeviceAgentReuseTests
{
    private const double Threshold = 0.05; // the scenes differ by ≈ 0.67 mean absolute value, the noise by ≤ 0.01

    [Fact]
    public async Task Unchanged_frames_reuse_the_last_answer_without_a_call()
    {
        // A for 4 frames, a cut to B for 4, back to A for 2: 3 frames sent (0, 4, 8), 7 reused.
        var stream = Enumerable.Range(0, 10).Select(i => Noisy(TestModels.Input(i is >= 4 and < 8 ? 2 : 1), i)).ToArray();
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        using var agent = await DeviceAgent.StartAsync(new DeviceAgentOptions
        {
            FullModel = TestModels.Full,
            Head = TestModels.HeadStage,
            RemoteUrl = edge.Url,
            RemoteStageId = "tail",
            RemoteStage = (TestModels.TailStage, null),
            ReuseGate = new ChangeDetector(Threshold),
            PingEveryFrames = 1000,
        });

        var replay = ReuseReplay.Run(new ChangeDetector(Threshold), stream.SelectMany(x => x.Data).ToArray(), new int[10], new int[10]);
        float[]? lastSent = null;
        for (int i = 0; i < stream.Length; i++)
        {
            long bytesBefore = agent.Link.BytesSent + agent.Link.BytesReceived;
            var result = await agent.InferAsync([stream[i]]);
            long bytes = agent.Link.BytesSent + agent.Link.BytesReceived - bytesBefore;
            Assert.Equal(!replay.Offloaded[i], result.Reused);
            if (result.Reused)
            {
                Assert.Equal(0, bytes); // no call went out
                Assert.Equal(FrameResult.ReusedTag, result.ComputedAt);
                Assert.Equal(lastSent, result.Outputs[0].Data);
            }
            else
            {
                Assert.True(bytes > 0);
                Assert.Equal("device+edge", result.ComputedAt);
                Assert.Equal(Split(stream[i]), result.Outputs[0].Data);
                lastSent = result.Outputs[0].Data;
            }
        }
        Assert.Equal(3, agent.FramesSent);
        Assert.Equal(7, agent.FramesReused);
    }

    private static FloatTensor Noisy(FloatTensor x, int seed)
    {
        var rng = new Random(100 + seed);
        return x with { Data = [.. x.Data.Select(v => v + (rng.NextSingle() * 2 - 1) * 0.01f)] };
    }

    private static float[] Split(FloatTensor x)
    {
        using var head = new StageSession(TestModels.HeadStage.Model, TestModels.HeadStage.Inputs, TestModels.HeadStage.Outputs);
        using var tail = new StageSession(TestModels.TailStage.Model, TestModels.TailStage.Inputs, TestModels.TailStage.Outputs);
        return tail.Run(head.Run([x]))[0].Data;
    }
}
