using System.Text.Json;
using Verge.Cli;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Learning.Tests.Cli;
using Verge.Learning.Models;

namespace Verge.Learning.Tests;

[Collection(InProcessCli.Name)]
public sealed class CliTests
{
    [Fact]
    public async Task TrainThenEvalAgree()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"verge-train-{Guid.NewGuid():N}");
        try
        {
            var trainJson = Path.Combine(dir, "train.json");
            Directory.CreateDirectory(dir);
            int code = await CliHost.RunAsync(["train", "--model", "lenet5", "--epochs", "2", "--limit", "400", "--threads", "1",
                "--out", dir, "--json", trainJson]);
            Assert.Equal(0, code);
            Assert.True(File.Exists(Path.Combine(dir, "model.onnx")));
            Assert.True(File.Exists(Path.Combine(dir, "checkpoint.bin")));
            using var train = JsonDocument.Parse(await File.ReadAllTextAsync(trainJson));
            Assert.Equal("lenet5", train.RootElement.GetProperty("model").GetString());
            Assert.Equal(2, train.RootElement.GetProperty("epochs").GetArrayLength());
            var epoch = train.RootElement.GetProperty("epochs")[1];
            Assert.Equal(2, epoch.GetProperty("epoch").GetInt32());
            Assert.True(epoch.GetProperty("seconds").GetDouble() > 0);
            Assert.True(epoch.GetProperty("train_loss").GetDouble() < train.RootElement.GetProperty("epochs")[0].GetProperty("train_loss").GetDouble(),
                "the second epoch's training loss is below the first's");
            Assert.Equal(train.RootElement.GetProperty("final_test_acc").GetDouble(), epoch.GetProperty("test_acc").GetDouble(), 9);
            Assert.Equal(61706, train.RootElement.GetProperty("params").GetInt64());
            double engineAccuracy = train.RootElement.GetProperty("final_test_acc").GetDouble();

            var evalJson = Path.Combine(dir, "eval.json");
            Assert.Equal(0, await CliHost.RunAsync(["eval", Path.Combine(dir, "model.onnx"), "--limit", "400", "--json", evalJson]));
            using var eval = JsonDocument.Parse(await File.ReadAllTextAsync(evalJson));
            Assert.Equal(400, eval.RootElement.GetProperty("samples").GetInt32());
            Assert.True(eval.RootElement.GetProperty("ms_per_sample").GetDouble() > 0);
            Assert.InRange(eval.RootElement.GetProperty("accuracy").GetDouble(), engineAccuracy - 0.0026, engineAccuracy + 0.0026);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void UnknownModelIsAUsageError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("train", "--model", "vgg99", "--out", Path.GetTempPath()), ExitCodes.Usage,
        "verge: unknown model 'vgg99'; choose one of: lenet5, mlp, cnn-small, mobilenet-tiny, resnet-tiny, mlp-small, vgg-mini, dp-cnn, dp-cnn-gn");

    [Fact]
    public void MissingDataIsAnInputError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("eval", "zoo:lenet5", "--data", "/nonexistent/fmnist"), ExitCodes.Input,
        "verge: Fashion-MNIST not found: no t10k-images-idx3-ubyte.gz in '/nonexistent/fmnist'; install the Debian package " +
        "dataset-fashion-mnist (scripts/setup does) or pass --data DIR");

    [Theory]
    [InlineData("lenet5")]
    [InlineData("cnn-small")]
    [InlineData("mobilenet-tiny")]
    [InlineData("resnet-tiny")]
    [InlineData("mlp")]
    public void PretrainedModelsAreInTheZoo(string name)
    {
        var graph = TestZoo.Load("zoo:" + name);
        Assert.Equal([1L, 1, 28, 28], graph.Inputs.Single().Shape);
        Assert.Equal([1L, 10], graph.Outputs.Single().Shape);
        Assert.True(new FileInfo(TrainedZoo.PathOf(name)).Length < 2_000_000);
    }

    [Fact]
    public async Task PretrainedLeNetIsAccurate()
    {
        var test = await TestData.TestAsync(1000);
        var result = Export.OnnxEvaluator.Evaluate(TestZoo.Zoo.Resolve("zoo:lenet5"), test, threads: 1);
        Assert.True(result.Accuracy >= 0.85, $"zoo:lenet5 accuracy on the first 1000 test images: {result.Accuracy:P1}");
    }
}
