using Verge.Learning.Data;
using Verge.Learning.Federated.Simulation;

namespace Verge.Learning.Tests.Federated;

public sealed class SimulationTests
{
    private static async Task<(ImageDataset Train, ImageDataset Test)> DataAsync() =>
        ((await FashionMnist.LoadTrainAsync()).Take(600), (await FashionMnist.LoadTestAsync()).Take(300));

    [Theory]
    [InlineData("fedavg", "fp32")]
    [InlineData("fedavg", "topk:0.05+ef")]
    [InlineData("sync-sgd", "q8")]
    [InlineData("async-sgd", "fp32")]
    [InlineData("easgd", "fp32")]
    [InlineData("hierarchical", "fp32")]
    [InlineData("gossip", "fp32")]
    public async Task ASmallFederationLearns(string strategy, string codec)
    {
        var (train, test) = await DataAsync();
        var options = new SimulationOptions("mlp", 4, strategy, codec, Rounds: 4) { Settings = new() { Fit = new(8, 16, 0.1f) }, Alpha = 1.0 };
        var report = new FederatedSimulation(options, train, test).Run();
        Assert.Equal(4, report.Rounds.Count);
        Assert.True(report.FinalTestAcc > 0.4, $"{strategy}/{codec}: {report.FinalTestAcc:P1} after 4 rounds (chance is 10%)");
        Assert.Equal(0, report.RejectedUpdates);
        // Updates to a server, or for gossip the models peers exchange with each other: either way bytes go up.
        Assert.True(report.TotalUplinkBytes > 0, $"{strategy}: no uplink bytes");
    }

    [Fact]
    public async Task CompressionCutsUplinkBytes()
    {
        var (train, test) = await DataAsync();
        SimulationReport Run(string codec) => new FederatedSimulation(
            new SimulationOptions("mlp", 3, "fedavg", codec, Rounds: 1) { Settings = new() { Fit = new(2, 16, 0.05f) }, Alpha = null }, train, test).Run();
        long fp32 = Run("fp32").TotalUplinkBytes, q8 = Run("q8").TotalUplinkBytes, topk = Run("topk:0.01+ef").TotalUplinkBytes;
        Assert.InRange((double)fp32 / q8, 3.95, 4.0);
        Assert.True((double)fp32 / topk > 50, $"top-k 1% saved only {(double)fp32 / topk:F1}x");
    }

    [Fact]
    public async Task BackupWorkersHideOneStraggler()
    {
        var (train, test) = await DataAsync();
        double RoundSeconds(string stragglers, int backup) => new FederatedSimulation(
            new SimulationOptions("mlp", 5, "sync-sgd", "fp32", Rounds: 2)
            {
                Settings = new() { Fit = new(4, 16, 0.05f), BackupWorkers = backup }, Stragglers = StragglerSpec.Parse(stragglers), TestLimit = 50,
                // A fast link, so that compute (what the straggler is slow at) sets the round time.
                Device = ClientProfile.Default with { UplinkBytesPerSecond = 1e9, DownlinkBytesPerSecond = 1e9 },
            }, train, test).Run().TotalSimSeconds;
        double baseline = RoundSeconds("", 0), slowed = RoundSeconds("1x5", 0), backedUp = RoundSeconds("1x5", 1);
        Assert.True(slowed > 2 * baseline, $"a 5x straggler should slow the round: {slowed:F2} vs {baseline:F2}");
        Assert.True(backedUp <= baseline * 1.3, $"one backup worker: {backedUp:F2} vs {baseline:F2}");
    }

    [Fact]
    public void StragglerSpecsParse()
    {
        var spec = StragglerSpec.Parse("2x3, 1x5,drop=0.1");
        Assert.Equal([(2, 3.0), (1, 5.0)], spec.Slow);
        Assert.Equal(0.1, spec.DropProbability);
        Assert.Equal("straggler spec 'fast' is not understood; use COUNTxFACTOR terms and drop=P, e.g. 1x5 or 2x3,drop=0.1",
            Assert.Throws<Verge.Core.Errors.UsageException>(() => StragglerSpec.Parse("fast")).Message);
    }
}
