using Verge.Net.Device;
using Verge.Net.Hosting;
using Verge.Net.Stages;

namespace Verge.Net.Tests;

public sealed class DeviceFallbackTests
{
    private static float[] Expected(int seed)
    {
        using var full = new StageSession(TestModels.Full);
        return full.Run([TestModels.Input(seed)])[0].Data;
    }

    private static DeviceAgentOptions Options(string url, int retryEvery) => new()
    {
        FullModel = TestModels.Full,
        Head = TestModels.HeadStage,
        RemoteUrl = url,
        RemoteStageId = "tail",
        RemoteStage = (TestModels.TailStage, null),
        RetryEveryFrames = retryEvery,
        CallTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task AKilledServerLosesNoFrame()
    {
        using var server = await ServeProcess.StartAsync("edge");
        using var agent = await DeviceAgent.StartAsync(Options(server.Url, retryEvery: 3));

        var results = new List<FrameResult>();
        for (int frame = 0; frame < 10; frame++)
        {
            if (frame == 4) server.Kill();
            results.Add(await agent.InferAsync([TestModels.Input(frame)]));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), results.Select(r => r.FrameId));
        Assert.All(results.Take(4), r => Assert.Equal("device+edge", r.ComputedAt));
        Assert.All(results.Skip(4), r => Assert.Equal("device (fallback)", r.ComputedAt));
        Assert.All(results.Skip(4), r => Assert.Equal(0, r.UplinkBytes));
        for (int frame = 0; frame < 10; frame++)
        {
            var expected = Expected(frame);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], results[frame].Outputs[0].Data[i], 1e-5f);
        }
        Assert.False(agent.Online);
        Assert.NotNull(agent.LastError);
    }

    [Fact]
    public async Task OffloadingResumesWhenTheServerIsBack()
    {
        // The node binds port 0; the one it comes back on later is the port it had (its own, never a guessed one).
        var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        int port = edge.Port;
        using var agent = await DeviceAgent.StartAsync(Options(edge.Url, retryEvery: 2));
        var tags = new List<string>();
        try
        {
            tags.Add((await agent.InferAsync([TestModels.Input(0)])).ComputedAt);
            await edge.DisposeAsync();
            tags.Add((await agent.InferAsync([TestModels.Input(1)])).ComputedAt); // fails, retry at frame 3
            tags.Add((await agent.InferAsync([TestModels.Input(2)])).ComputedAt);
            edge = await NodeHost.StartAsync(new NodeHostOptions("edge", Port: port)); // a fresh node: the agent reloads its stage
            tags.Add((await agent.InferAsync([TestModels.Input(3)])).ComputedAt);
            Assert.True(agent.Online, agent.LastError);
            tags.Add((await agent.InferAsync([TestModels.Input(4)])).ComputedAt);
        }
        finally
        {
            await edge.DisposeAsync();
        }
        Assert.Equal(["device+edge", "device (fallback)", "device (fallback)", "device+edge", "device+edge"], tags);
    }

    [Fact]
    public async Task NoServerAtAllStillAnswersEveryFrame()
    {
        using var agent = await DeviceAgent.StartAsync(Options($"http://127.0.0.1:{FreePort.Pick()}", retryEvery: 2));
        Assert.False(agent.Online);
        for (int frame = 0; frame < 4; frame++)
        {
            var r = await agent.InferAsync([TestModels.Input(frame)]);
            Assert.True(r.Fallback);
            Assert.Equal(Expected(frame), r.Outputs[0].Data);
        }
    }

    [Fact]
    public async Task ServeReportsABusyPortOnOneLine()
    {
        using var first = await ServeProcess.StartAsync("cloud");
        var (exitCode, _, stderr) = await ChildProcess.RunVergeAsync("serve", "--role", "edge", "--listen", first.Url);
        Assert.Equal(3, exitCode);
        Assert.StartsWith($"verge: cannot listen on 127.0.0.1:{new Uri(first.Url).Port}", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }
}
