using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated.Robust;
using Verge.Learning.Federated.Simulation;

namespace Verge.Learning.Tests.Federated;

public sealed class PoisoningTests
{
    private static async Task<(ImageDataset Train, ImageDataset Test)> DataAsync() =>
        ((await FashionMnist.LoadTrainAsync()).Take(600), (await FashionMnist.LoadTestAsync()).Take(300));

    private static SimulationOptions Options(int attackers, string attack) =>
        new("mlp", 4, "fedavg", "fp32", Rounds: 4)
        {
            Settings = new() { Fit = new(8, 16, 0.1f) }, Alpha = 1.0, Attackers = attackers, Attack = PoisonAttack.Parse(attack),
        };

    [Fact]
    public async Task UpdatesScaledBy1e30AreRefusedAndTheHonestClientsStillLearn()
    {
        var (train, test) = await DataAsync();
        var report = new FederatedSimulation(Options(1, "scale:1e30"), train, test).Run();
        Assert.Equal(4, report.RejectedUpdates);
        Assert.True(report.FinalTestAcc > 0.4, $"{report.FinalTestAcc:P1} after 4 rounds with the poisoned update refused");
    }

    [Fact]
    public async Task AHonestRunHasNoRejections()
    {
        var (train, test) = await DataAsync();
        Assert.Equal(0, new FederatedSimulation(Options(0, "signflip"), train, test).Run().RejectedUpdates);
    }

    [Fact]
    public async Task TheMedianOutvotesOneSignFlipperOfFour()
    {
        var (train, test) = await DataAsync();
        var options = Options(1, "signflip") with { Settings = new() { Fit = new(8, 16, 0.1f), Aggregation = AggregationRule.Parse("median") } };
        var report = new FederatedSimulation(options, train, test).Run();
        Assert.Equal(0, report.RejectedUpdates);
        Assert.True(report.FinalTestAcc > 0.4, $"{report.FinalTestAcc:P1} after 4 rounds with the median");
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("scale:x")]
    [InlineData("scale:inf")]
    public void BadAttacksAreUsageErrors(string text) =>
        Assert.Equal("attack", Assert.Throws<UsageException>(() => PoisonAttack.Parse(text)).Term);
}
