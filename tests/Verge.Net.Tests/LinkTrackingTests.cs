using Verge.Net.Device;
using Verge.Net.Hosting;
using Verge.Net.Links;

namespace Verge.Net.Tests;

/// <summary>
/// The agent's EWMA follows a link-rate change. A virtual clock makes the link's delays count without waiting; the
/// link is slow (a 1 KB tensor takes 0.4 s, then 2 s) so that real scheduling noise on a busy host stays small beside it.
/// </summary>
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
            Uplink = LinkParameters.FromMbps(0.02, rttMs: 20),
            EwmaWeight = 0.5,
            Clock = clock,
        });

        for (int frame = 0; frame < 8; frame++)
            await agent.InferAsync([TestModels.Input(frame)]);
        var before = agent.Uplink;
        Assert.True(before.BandwidthBitsPerSecond.HasValue, $"{before} online={agent.Online} {agent.LastError}");
        agent.Rebaseline();
        Assert.False(agent.NetworkDrifted(0.5));
        Assert.InRange(before.BandwidthBitsPerSecond!.Value, 0.014e6, 0.026e6);
        Assert.True(before.Rtt!.Value.TotalMilliseconds >= 20, $"{before.Rtt}");

        agent.Link.Parameters = LinkParameters.FromMbps(0.004, rttMs: 20);
        for (int frame = 8; frame < 16; frame++)
            await agent.InferAsync([TestModels.Input(frame)]);
        var after = agent.Uplink;

        Assert.True(agent.NetworkDrifted(0.5), $"{before} → {after}");
        Assert.InRange(after.BandwidthBitsPerSecond!.Value, 0.0028e6, 0.0052e6);
    }
}
