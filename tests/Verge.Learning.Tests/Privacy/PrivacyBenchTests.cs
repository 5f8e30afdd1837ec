using Verge.Learning.Privacy.Bench;

namespace Verge.Learning.Tests.Privacy;

/// <summary>`verge bench privacy`'s sections at toy sizes: every row is there and the privacy figures hold their targets.</summary>
public sealed class PrivacyBenchTests
{
    [Fact]
    public async Task EverySectionRunsAtToySizes()
    {
        using var work = new TempDir("verge-bench-privacy-");
        var options = PrivacyBenchOptions.Quick with
        {
            Epsilons = [8], DpEpochs = 1, DpBatch = 250, DpTrainLimit = 500,
            Clients = [12], Rounds = 2, FlTrainLimit = 1200, LocalSteps = 1,
            Members = 100, NonMembers = 200, OverfitEpochs = 2, TwinEpochs = 2, Shadows = 2, ShadowEpochs = 1,
            TestLimit = 200, Threads = 1, WorkDirectory = work.Path,
        };
        var result = await new PrivacyBench(options).RunAsync();
        var dp = Assert.Single(result.DpSgd);
        Assert.InRange(dp.Epsilon, 7.9, 8.0);
        Assert.True(result.Cost.PlainSeconds > 0 && result.Cost.DpSeconds > 0);
        Assert.Equal(["none", "dp", "dp+secagg"], result.Federated.Select(p => p.Mode));
        Assert.All(result.Federated, p => Assert.Equal(0.5, p.SampleRate)); // min(0.5, 50 / 12)
        Assert.Null(result.Federated[0].Epsilon);
        Assert.All(result.Federated.Skip(1), p => Assert.InRange(p.Epsilon!.Value, 0.1, options.FlEpsilon + 1e-3));
        Assert.Equal(["overfit", "dp", "control"], result.Audit.Select(a => a.Model));
        Assert.Equal(2, result.Audit[0].Attacks.Count); // loss and offline LiRA
        Assert.Single(result.Audit[2].Attacks); // the control: loss only
    }

    [Fact]
    public async Task ADpSeedMakesTheStudyRepeatExactly()
    {
        using TempDir workA = new("verge-bench-privacy-"), workB = new("verge-bench-privacy-");
        PrivacyBenchOptions Toy(TempDir work) => PrivacyBenchOptions.Quick with
        {
            Epsilons = [8], DpEpochs = 1, DpBatch = 250, DpTrainLimit = 500,
            Clients = [12], Rounds = 1, FlTrainLimit = 600, LocalSteps = 1,
            Members = 100, NonMembers = 200, OverfitEpochs = 1, TwinEpochs = 3, Shadows = 2, ShadowEpochs = 1,
            TestLimit = 200, Threads = 1, DpSeed = 7, WorkDirectory = work.Path,
        };
        var a = await new PrivacyBench(Toy(workA)).RunAsync();
        var b = await new PrivacyBench(Toy(workB)).RunAsync();
        Assert.Equal(a.DpSgd[0].TestAccuracy, b.DpSgd[0].TestAccuracy);
        var (twinA, twinB) = (a.Audit.Single(r => r.Model == "dp"), b.Audit.Single(r => r.Model == "dp"));
        Assert.Equal(twinA.MemberAccuracy, twinB.MemberAccuracy);
        Assert.Equal(twinA.NonMemberAccuracy, twinB.NonMemberAccuracy);
        Assert.Equal(twinA.Attacks.Select(x => x.Auc), twinB.Attacks.Select(x => x.Auc));
    }
}
