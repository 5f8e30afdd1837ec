using Verge.Core.Errors;
using Verge.Learning.Compression.Distillation;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Codistillation;
using Verge.Learning.Federated.Simulation;
using Verge.Learning.Models;

namespace Verge.Learning.Tests.Federated;

/// <summary>Codistillation (Anil et al. 2018): the client's distillation term, and the teacher bytes the strategy counts.</summary>
public sealed class CodistillationTests
{
    private static Tensor Images(int seed, int n) => GradientCheck.Random(seed, n, 1, 28, 28);

    [Theory]
    [InlineData(1f, 0.5f)]
    [InlineData(3f, 0.8f)]
    public void TheLossIsDistillersLossTowardsTheTeachersMeanLogits(float temperature, float alpha)
    {
        var student = TrainableZoo.Create("mlp", seed: 1);
        var teacher = TrainableZoo.Create("mlp", seed: 99);
        float[] a = ModelVector.Get(TrainableZoo.Create("mlp", seed: 2)), b = ModelVector.Get(TrainableZoo.Create("mlp", seed: 3));
        var images = Images(5, 4);
        int[] labels = [1, 7, 0, 3];
        var options = new DistillationOptions(temperature, alpha);

        // The teachers' mean logits, each teacher run by hand.
        var reference = TrainableZoo.Create("mlp");
        reference.Eval();
        var mean = new float[4 * 10];
        foreach (var w in new[] { a, b })
        {
            ModelVector.Set(reference, w);
            var logits = reference.Forward(images).Data;
            for (int i = 0; i < mean.Length; i++) mean[i] += logits[i] / 2;
        }
        float expected = Distiller.Loss(student.Forward(images), mean, labels, options)[0];

        var loss = CodistillationLoss.For(student, teacher, new CodistillTargets([a, b], options));
        Assert.Equal(expected, loss(images, labels)[0], 4);
        // One teacher: its own logits.
        ModelVector.Set(reference, a);
        float single = Distiller.Loss(student.Forward(images), reference.Forward(images).Data.ToArray(), labels, options)[0];
        Assert.Equal(single, CodistillationLoss.For(student, teacher, new CodistillTargets([a], options))(images, labels)[0], 4);
    }

    [Fact]
    public void TheDistillationTermPullsTheStudentTowardsItsTeacher()
    {
        var student = TrainableZoo.Create("mlp", seed: 1);
        var teacherWeights = ModelVector.Get(TrainableZoo.Create("mlp", seed: 2));
        var teacher = TrainableZoo.Create("mlp");
        var images = Images(6, 8);
        var loss = CodistillationLoss.For(student, teacher, new CodistillTargets([teacherWeights], new DistillationOptions(1f, 1f)));
        var optimizer = new Sgd(student.Parameters(), 0.1f);
        double first = 0, last = 0;
        for (int step = 0; step < 20; step++)
        {
            optimizer.ZeroGrad();
            var value = loss(images, [0, 1, 2, 3, 4, 5, 6, 7]);
            value.Backward();
            optimizer.Step();
            if (step == 0) first = value[0];
            last = value[0];
        }
        Assert.True(last < first * 0.8, $"pure distillation (α = 1) loss {first:F4} → {last:F4}");
    }

    private static async Task<(ImageDataset Train, ImageDataset Test)> DataAsync() => (await TestData.TrainAsync(400), await TestData.TestAsync(100));

    private static SimulationReport Run(ImageDataset train, ImageDataset test, string strategy, CodistillationOptions? codistill = null) =>
        new FederatedSimulation(new SimulationOptions("mlp", 4, strategy, "fp32", Rounds: 4)
        {
            Settings = new() { Fit = new(3, 16, 0.05f), Codistillation = codistill ?? new() }, Alpha = null,
        }, train, test).Run();

    [Fact]
    public async Task TeacherModelsAreCountedDownOnlyWhenASnapshotIsNew()
    {
        var (train, test) = await DataAsync();
        var fedavg = Run(train, test, "fedavg");
        // Snapshots after rounds 1 and 3: rounds 2 and 4 send every client the other group's model once.
        var codistill = Run(train, test, "codistill", new CodistillationOptions(Groups: 2, Every: 2, BurnIn: 1));
        long model = Fp32Codec.EncodedSize(ModelVector.Length(TrainableZoo.Create("mlp")));
        long[] extra = codistill.Rounds.Zip(fedavg.Rounds, (c, f) => c.DownlinkBytes - f.DownlinkBytes).ToArray();
        Assert.Equal(new long[] { 0, 4 * model, 0, 4 * model }, extra);
        Assert.Equal(fedavg.Rounds.Select(r => r.UplinkBytes), codistill.Rounds.Select(r => r.UplinkBytes));
        Assert.Equal("codistill", codistill.Strategy);
        Assert.True(codistill.FinalTestAcc > 0.3, $"codistillation {codistill.FinalTestAcc:P1} after 4 rounds (chance 10%)");
    }

    [Fact]
    public async Task AlphaZeroTrainsIndependentGroupsAndSendsNoTeacher()
    {
        var (train, test) = await DataAsync();
        var fedavg = Run(train, test, "fedavg");
        var groups = Run(train, test, "codistill", new CodistillationOptions(Groups: 2, BurnIn: 0, Alpha: 0f));
        Assert.Equal(fedavg.Rounds.Select(r => r.DownlinkBytes), groups.Rounds.Select(r => r.DownlinkBytes));
    }

    [Fact]
    public void StrategyKeepsOneModelPerGroupAndSendsTheOthersAsTeachers()
    {
        var initial = new float[6];
        var strategy = new CodistillationStrategy(initial, new FitConfig(1, 4, 0.1f), 1.0, 0, 3, new CodistillationOptions(Groups: 3, BurnIn: 1));
        var plan = strategy.ConfigureFit(1, [0, 1, 2]);
        Assert.All(plan.Instructions, i => Assert.Null(i.Codistill));
        strategy.AggregateFit(1, plan.Instructions.Select(i => new ClientUpdate(i.ClientId, 1, 0, Enumerable.Repeat((float)i.ClientId + 1, 6).ToArray(), 10, 1, 0, 0)).ToList());
        Assert.Equal(new[] { 1f, 2f, 3f }, strategy.GroupModels.Select(g => g[0]));
        var next = strategy.ConfigureFit(2, [0, 1, 2]);
        var teachersOf1 = next.Instructions.Single(i => i.ClientId == 1).Codistill!.Teachers;
        Assert.Equal(new[] { 1f, 3f }, teachersOf1.Select(t => t[0]));
        Assert.Equal(2f, next.Instructions.Single(i => i.ClientId == 1).Weights[0]);
        Assert.Equal(3 * 2 * Fp32Codec.EncodedSize(6), strategy.AggregateFit(2, []).ExtraDownlinkBytes);
        Assert.Equal(1f, strategy.ConfigureEvaluate(2)[0]);
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(5, 1, 0)]
    [InlineData(2, 0, 0)]
    [InlineData(2, 1, -1)]
    public void BadOptionsAreUsageErrors(int groups, int every, int burnIn) =>
        Assert.Throws<UsageException>(() => new CodistillationOptions(groups, every, burnIn).Validate(clients: 4));
}
