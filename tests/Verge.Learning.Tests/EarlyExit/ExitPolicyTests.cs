using Verge.Inference.Graph;
using Verge.Learning.Data;
using Verge.Learning.EarlyExit;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models.Branchy;

namespace Verge.Learning.Tests.EarlyExit;

public sealed class ExitPolicyTests
{
    /// <summary>A briefly trained branchy LeNet, exported, with its outcomes on 300 test images.</summary>
    private static async Task<(ExitOutcomes Outcomes, ExitCosts Costs, ModelGraph Graph)> TrainedOutcomesAsync(ConfidenceMeasure measure)
    {
        var train = (await FashionMnist.LoadTrainAsync()).Take(384);
        var test = (await FashionMnist.LoadTestAsync()).Take(300);
        var model = BranchyZoo.Create("branchy-lenet5", seed: 5);
        var optimizer = new Adam(model.Parameters(), 2e-3f);
        for (int e = 0; e < 2; e++) BranchyTrainer.TrainEpoch(model, new MiniBatchLoader(train, 64, seed: e), optimizer);
        var path = Path.Combine(Path.GetTempPath(), $"verge-exits-{Guid.NewGuid():N}.onnx");
        try
        {
            await BranchyExporter.SaveAsync(model, path);
            var graph = ModelGraph.Load(path);
            return (OnnxExitRunner.Run(path, test, measure), ExitCosts.FromGraph(graph), graph);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ThresholdZeroSendsEverySampleToTheFirstExitAndInfinityToTheFinal()
    {
        var (outcomes, costs, _) = await TrainedOutcomesAsync(ConfidenceMeasure.MaxSoftmax);
        var first = ExitCalibrator.Evaluate(outcomes, ExitPolicy.Uniform(ConfidenceMeasure.MaxSoftmax, 0, 2), costs);
        Assert.Equal([1.0, 0.0, 0.0], first.Fractions);
        Assert.Equal(outcomes.ExitAccuracy(0), first.Accuracy, 9);
        Assert.Equal(costs.Macs[0], first.ExpectedMacs, 6);

        var final = ExitCalibrator.Evaluate(outcomes, ExitPolicy.Uniform(ConfidenceMeasure.MaxSoftmax, double.PositiveInfinity, 2), costs);
        Assert.Equal([0.0, 0.0, 1.0], final.Fractions);
        Assert.Equal(outcomes.ExitAccuracy(2), final.Accuracy, 9);
        Assert.Equal(1.0, final.MacsRatio, 9);
    }

    [Fact]
    public async Task EntropyThresholdsRunTheOtherWay()
    {
        var (outcomes, costs, _) = await TrainedOutcomesAsync(ConfidenceMeasure.Entropy);
        Assert.Equal([1.0, 0.0, 0.0], ExitCalibrator.Evaluate(outcomes, ExitPolicy.Uniform(ConfidenceMeasure.Entropy, double.PositiveInfinity, 2), costs).Fractions);
        Assert.Equal([0.0, 0.0, 1.0], ExitCalibrator.Evaluate(outcomes, ExitPolicy.Uniform(ConfidenceMeasure.Entropy, -1, 2), costs).Fractions);
    }

    [Fact]
    public async Task CalibrationKeepsTheTargetOnItsDataAndSavesWork()
    {
        var (outcomes, costs, graph) = await TrainedOutcomesAsync(ConfidenceMeasure.MaxSoftmax);
        Assert.True(costs.Macs[0] < costs.Macs[1] && costs.Macs[1] < costs.Macs[2]);
        Assert.Equal(graph.MacsTotal, costs.FullMacs);

        double target = outcomes.ExitAccuracy(2) - 0.01;
        var policy = ExitCalibrator.Calibrate(outcomes, costs, target);
        var eval = ExitCalibrator.Evaluate(outcomes, policy, costs);
        Assert.True(eval.Accuracy >= target, $"accuracy {eval.Accuracy} below target {target}");
        // A point of accuracy buys a real share of early exits, and so fewer MACs than running every sample to the end.
        Assert.True(eval.Fractions[0] + eval.Fractions[1] >= 0.3, $"only {eval.Fractions[0] + eval.Fractions[1]:P0} left early");
        Assert.True(eval.ExpectedMacs < 0.95 * costs.FullMacs, $"expected {eval.ExpectedMacs:F0} of {costs.FullMacs} MACs");
        // Nothing cheaper on the sweep reaches the target.
        var reaching = ExitCalibrator.Sweep(outcomes, costs).Where(row => row.Accuracy >= target).ToList();
        Assert.NotEmpty(reaching);
        Assert.All(reaching, row => Assert.True(eval.ExpectedMacs <= row.ExpectedMacs + 1e-6, $"{row.ExpectedMacs} MACs also reach {target}"));

        var never = ExitCalibrator.Calibrate(outcomes, costs, 1.01);
        Assert.Equal(1.0, ExitCalibrator.Evaluate(outcomes, never, costs).Fractions[^1]);
    }

    [Fact]
    public void ScoresAreProbabilitiesAndEntropies()
    {
        float[] sure = [10, 0, 0], unsure = [1, 1, 1];
        Assert.True(ExitPolicy.Score(sure, ConfidenceMeasure.MaxSoftmax) > 0.99);
        Assert.Equal(1.0 / 3, ExitPolicy.Score(unsure, ConfidenceMeasure.MaxSoftmax), 6);
        Assert.Equal(Math.Log(3), ExitPolicy.Score(unsure, ConfidenceMeasure.Entropy), 6);
        Assert.True(ExitPolicy.Score(sure, ConfidenceMeasure.Entropy) < 0.01);
    }
}
