using Verge.Net.Device;
using Verge.Net.Hosting;
using Verge.Net.Links;

namespace Verge.Net.Tests;

/// <summary>
/// The agent's EWMA follows a link-rate change. The device and the node share a clock that moves only by the link's
/// delays (skipped, not waited for), so every measured transfer is exactly what the shaper imposed: no host stall
/// can shift a rate, and the estimate is checked within a few percent (the pings' own bytes bias it slightly upward).
/// </summary>
public sealed class LinkTrackingTests
{
    [Fact]
    public async Task MeasuredBandwidthFollowsARateDrop()
    {
        var clock = new VirtualClock(realTime: false);
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge") { Clock = clock });
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
        Assert.InRange(before.BandwidthBitsPerSecond!.Value, 0.020e6, 0.021e6);
        Assert.InRange(before.Rtt!.Value.TotalMilliseconds, 20, 35); // 20 ms plus the pings' own bytes at 20 kbit/s

        agent.Link.Parameters = LinkParameters.FromMbps(0.004, rttMs: 20);
        for (int frame = 8; frame < 16; frame++)
            await agent.InferAsync([TestModels.Input(frame)]);
        var after = agent.Uplink;

        Assert.True(agent.NetworkDrifted(0.5), $"{before} → {after}");
        // Eight EWMA steps of weight 0.5 leave 0.5^8 of the old rate's distance: about 0.3 % of the new rate.
        Assert.InRange(after.BandwidthBitsPerSecond!.Value, 0.0040e6, 0.0042e6);
    }
}
