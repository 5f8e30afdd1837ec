using Verge.Net.Device;
using Verge.Net.Hosting;
using Verge.Net.Links;

namespace Verge.Net.Tests;

/// <summary>The agent's EWMA follows a link-rate change; a virtual clock makes the link's delays count without waiting.</summary>
public sealed class LinkTrackingTests
{
    [Fact]
    public async Task MeasuredBandwidthFollowsARateDrop()
    {
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        var clock = new VirtualClock();
        using var agent = await DeviceAgent.StartAsync(new DeviceAgentOptions
        {
            FullModel = TestModels.Full,
            Head = TestModels.HeadStage,
            RemoteUrl = edge.Url,
            RemoteStageId = "tail",
            RemoteStage = (TestModels.TailStage, null),
            Uplink = LinkParameters.FromMbps(0.1, rttMs: 20),
            EwmaWeight = 0.5,
            Clock = clock,
        });

        for (int frame = 0; frame < 8; frame++)
            await agent.InferAsync([TestModels.Input(frame)]);
        var before = agent.Uplink;
        Assert.True(before.BandwidthBitsPerSecond.HasValue, $"{before} online={agent.Online} {agent.LastError}");
        agent.Rebaseline();
        Assert.False(agent.NetworkDrifted(0.5));
        Assert.InRange(before.BandwidthBitsPerSecond!.Value, 0.07e6, 0.13e6);
        Assert.InRange(before.Rtt!.Value.TotalMilliseconds, 20, 30);

        agent.Link.Parameters = LinkParameters.FromMbps(0.02, rttMs: 20);
        for (int frame = 8; frame < 16; frame++)
            await agent.InferAsync([TestModels.Input(frame)]);
        var after = agent.Uplink;

        Assert.True(agent.NetworkDrifted(0.5), $"{before} → {after}");
        Assert.InRange(after.BandwidthBitsPerSecond!.Value, 0.014e6, 0.026e6);
    }
}
