using Verge.Core.Errors;
using Verge.Learning.Compression.Distillation;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models;
using Verge.Learning.Training;

namespace Verge.Learning.Tests.Compression;

public sealed class DistillationTests
{
    [Theory]
    [InlineData(1f, 0.5f)]
    [InlineData(4f, 0.9f)]
    [InlineData(2f, 0f)]
    public void DistillationLossGradientMatchesFiniteDifferences(float temperature, float alpha)
    {
        var teacher = GradientCheck.Random(7, 4, 10).ToArray();
        int[] labels = [3, 0, 9, 5];
        var options = new DistillationOptions(temperature, alpha);
        GradientCheck.Run(x => Distiller.Loss(x[0], teacher, labels, options), [GradientCheck.Random(8, 4, 10)], epsilon: 1e-2f);
    }

    [Fact]
    public void LossIsTheWeightedSumOfItsTerms()
    {
        var student = GradientCheck.Random(1, 3, 10);
        var teacher = GradientCheck.Random(2, 3, 10).ToArray();
        int[] labels = [1, 2, 3];
        float kl = Losses.DistillationKl(student, teacher, 3f)[0], ce = Losses.CrossEntropy(student, labels)[0];
        Assert.Equal(0.25f * kl + 0.75f * ce, Distiller.Loss(student, teacher, labels, new DistillationOptions(3f, 0.25f))[0], 4);
    }

    [Fact]
    public async Task StudentLossFallsWhileLearningFromAnOnnxTeacher()
    {
        var train = (await FashionMnist.LoadTrainAsync()).Take(384);
        var test = (await FashionMnist.LoadTestAsync()).Take(200);
        var teacherModel = TrainableZoo.Create("lenet5", seed: 1);
        var teacherOpt = new Adam(teacherModel.Parameters(), 2e-3f);
        for (int e = 0; e < 2; e++) Trainer.TrainEpoch(teacherModel, new MiniBatchLoader(train, 64, seed: e), teacherOpt);
        var path = Path.Combine(Path.GetTempPath(), $"verge-teacher-{Guid.NewGuid():N}.onnx");
        try
        {
            await OnnxExporter.SaveAsync(teacherModel, path);
            using var teacher = new OnnxTeacher(path);

            // The batched teacher gives what the engine gives, image by image.
            teacherModel.Eval();
            var batch = new Tensor(train.Pixels[..(5 * 784)], 5, 1, 28, 28);
            var expected = teacherModel.Forward(batch).ToArray();
            var actual = teacher.Logits(batch);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4, $"logit {i}: {expected[i]} vs {actual[i]}");

            var student = TrainableZoo.Create("mlp", seed: 2);
            var optimizer = new Adam(student.Parameters(), 1e-3f);
            var results = Distiller.Fit(student, teacher, new MiniBatchLoader(train, 64, seed: 3), optimizer, new DistillationOptions(4f, 0.7f), test, 3).ToList();
            Assert.True(results[^1].TrainLoss < results[0].TrainLoss * 0.8, $"loss {results[0].TrainLoss} → {results[^1].TrainLoss}");
            Assert.True(results[^1].TestAccuracy > 0.5, $"student accuracy {results[^1].TestAccuracy}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingTeacherIsAnInputError() => Assert.StartsWith("teacher model '/nonexistent/teacher.onnx' does not exist; ",
        Assert.Throws<InputException>(() => new OnnxTeacher("/nonexistent/teacher.onnx")).Message);

    [Theory]
    [InlineData(0f, 0.5f, "temperature 0 must be a positive number")]
    [InlineData(2f, 1.5f, "alpha 1.5 must lie in [0, 1]")]
    public void BadSettingsAreUsageErrors(float temperature, float alpha, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<UsageException>(() => new DistillationOptions(temperature, alpha).Validate()).Message);
}
