using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Hierarchical;
using Verge.Learning.Federated.Simulation;

namespace Verge.Learning.Tests.Federated;

/// <summary>Gaia's significance filter on the device→edge hop (codec gaia:θ₀[:qK]) and its composition with the edge→cloud filter.</summary>
public sealed class SignificanceCodecTests
{
    [Fact]
    public void UnsentChangesAccumulateOnTheDeviceAndTravelOnceSignificant()
    {
        var codec = new SignificanceCodec(0.01);
        // Values are the weights plus the unsent changes: 0.006 is not > 1% of 1.006; 0.02 is > 1% of 1.02.
        var first = UpdateCodec.Decode(codec.Encode([0.006f, 0.02f], [1f, 1f], round: 1));
        Assert.Equal([0f, 0.02f], first);
        Assert.Equal([0.006f, 0f], codec.Accumulated.ToArray());
        var second = UpdateCodec.Decode(codec.Encode([0.006f, 0.001f], [1f, 1f], round: 1));
        Assert.Equal(0.012f, second[0], 6);
        Assert.Equal(0f, second[1]);
        Assert.Equal(0f, codec.Accumulated[0]);
        Assert.Equal(0.001f, codec.Accumulated[1], 6);
        // θ decays as 1/√t: 0.004 against 1 is not significant in round 1, is in round 9 (θ 0.0033).
        Assert.Equal([0f], UpdateCodec.Decode(new SignificanceCodec(0.01).Encode([0.004f], [1f], round: 1)));
        Assert.Equal([0.004f], UpdateCodec.Decode(new SignificanceCodec(0.01).Encode([0.004f], [1f], round: 9)));
    }

    [Fact]
    public void PayloadIsTheSparseLayoutAndQuantizedErrorIsFedBack()
    {
        var codec = new SignificanceCodec(0.01, new QuantizationCodec(8, seed: 3));
        var update = new float[300];
        update[3] = 0.5f;
        update[200] = -0.25f;
        var payload = codec.Encode(update, Enumerable.Repeat(1f, 300).ToArray(), round: 1);
        // Header 9, varint gaps 3 (1 byte) and 196 (2 bytes), then q8 of two values: 10 + 8 (one bucket) + 2.
        Assert.Equal(9 + 1 + 2 + QuantizationCodec.EncodedSize(2, 8, 8192), payload.Length);
        Assert.Equal(payload.Length, codec.BytesSent);
        var decoded = UpdateCodec.Decode(payload);
        // Whatever rounding did stays on the device: sent + unsent is the update.
        for (int i = 0; i < 300; i++) Assert.Equal(update[i], decoded[i] + codec.Accumulated[i], 6);
        Assert.Throws<InvalidOperationException>(() => codec.Encode(update));
    }

    [Theory]
    [InlineData("gaia:0.01", "gaia:0.01")]
    [InlineData("gaia:0.01:q8", "gaia:0.01:q8")]
    public void ParsesFromTheCodecSpec(string spec, string name) => Assert.Equal(name, CodecSpec.Parse(spec)(0).Name);

    [Theory]
    [InlineData("gaia:-0.1")]
    [InlineData("gaia")]
    [InlineData("gaia:0.01+ef")]
    [InlineData("gaia:0.01:x")]
    public void RejectsBadSpecs(string spec) => Assert.Throws<UsageException>(() => CodecSpec.Parse(spec));

    [Fact]
    public async Task ThresholdZeroOnTheDeviceGivesTheSameHierarchicalRun()
    {
        var (train, test) = await DataAsync();
        var fp32 = Simulate("fp32", train, test, rounds: 2);
        var gaia = Simulate("gaia:0", train, test, rounds: 2);
        // θ₀ = 0 sends every nonzero change, so the edges, the cloud and Gaia's edge→cloud traffic are the old ones.
        Assert.Equal(fp32.Simulation.Strategy.ConfigureEvaluate(2), gaia.Simulation.Strategy.ConfigureEvaluate(2));
        Assert.Equal(fp32.Report.Rounds.Select(r => (r.TestAcc, r.CloudUplinkBytes, r.CloudDownlinkBytes)),
            gaia.Report.Rounds.Select(r => (r.TestAcc, r.CloudUplinkBytes, r.CloudDownlinkBytes)));
    }

    [Fact]
    public async Task UplinkCountsBothHops()
    {
        var (train, test) = await DataAsync();
        var (simulation, report) = Simulate("gaia:0.01:q8", train, test, rounds: 2);
        long device = simulation.Clients.Sum(c => ((SignificanceCodec)c.Codec).BytesSent);
        long cloud = report.Rounds.Sum(r => r.CloudUplinkBytes ?? 0);
        Assert.True(device > 0 && cloud > 0, $"device→edge {device} B, edge→cloud {cloud} B");
        Assert.Equal(device + cloud, report.TotalUplinkBytes);
    }

    private static (FederatedSimulation Simulation, SimulationReport Report) Simulate(string codec, ImageDataset train, ImageDataset test, int rounds)
    {
        var options = new SimulationOptions("mlp", 4, "hierarchical", codec, rounds)
        {
            Settings = new() { Fit = new(2, 16, 0.1f), Edges = 2, SyncFilter = SyncFilter.Parameter, SignificanceThreshold = 0.01 },
            Alpha = 1.0,
            // The server sums updates in arrival order; a near-infinite uplink keeps that order (set by compute
            // speed) the same whatever each payload's length, so float sums match exactly.
            Device = ClientProfile.Default with { UplinkBytesPerSecond = 1e15 },
        };
        var simulation = new FederatedSimulation(options, train, test);
        return (simulation, simulation.Run());
    }

    private static async Task<(ImageDataset Train, ImageDataset Test)> DataAsync() =>
        ((await FashionMnist.LoadTrainAsync()).Take(400), (await FashionMnist.LoadTestAsync()).Take(200));
}
