using Verge.Learning.Data;
using Verge.Learning.Privacy.Audit;
using Verge.Learning.Training.Recipes;

namespace Verge.Learning.Tests.Privacy;

/// <summary>
/// The audit finds what it should on real Fashion-MNIST: a small model overfit on 200 images gives the loss attack a
/// clear advantage on those images; the same recipe trained on 200 other images gives it next to none.
/// </summary>
public sealed class AuditOutcomeTests
{
    private static async Task<double> LossAdvantageAsync(TempDir dir, string name, ImageDataset trainOn, ImageDataset members, ImageDataset nonMembers)
    {
        using var run = TrainingRun.Prepare(new RecipeOptions("mlp-small", 60, 32, "adam", 0.003f, 1), trainOn, nonMembers.Take(50));
        foreach (var _ in run.Fit()) { }
        var onnx = dir.File($"{name}.onnx");
        await run.SaveAsync(onnx, dir.File($"{name}.ckpt"));
        var result = await MembershipAudit.RunAsync(onnx, members, nonMembers, null, new MembershipAudit.Options(0, null, 1));
        return Assert.Single(result.Attacks).Advantage;
    }

    [Fact]
    public async Task AnOverfitModelLeaksMembershipAndAModelOfOtherDataDoesNot()
    {
        using var dir = new TempDir();
        var train = await TestData.TrainAsync(400);
        var members = train.Subset([.. Enumerable.Range(0, 200)]);
        var other = train.Subset([.. Enumerable.Range(200, 200)]);
        var nonMembers = await TestData.TestAsync(200);

        double overfit = await LossAdvantageAsync(dir, "overfit", members, members, nonMembers);
        double unrelated = await LossAdvantageAsync(dir, "other", other, members, nonMembers);

        Assert.True(overfit >= 0.25, $"overfit model: advantage {overfit:F3}");
        Assert.True(overfit >= unrelated + 0.15, $"overfit {overfit:F3} vs a model of other data {unrelated:F3}");
    }
}
