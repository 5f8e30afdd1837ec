using Spectre.Console;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Learning.Export;
using Verge.Learning.Models;

namespace Verge.Cli.Demo;

/// <summary>Demo step: the LeNet-5 that Verge trained itself (zoo:lenet5), evaluated through ONNX Runtime.</summary>
public static class LearningDemo
{
    public static async Task RunAsync(ModelZoo zoo, CancellationToken ct)
    {
        var path = zoo.Resolve("zoo:lenet5");
        var test = await FashionMnist.LoadTestAsync(ct: ct);
        AnsiConsole.MarkupLine("[bold]Learning[/]: zoo:lenet5 was trained by Verge's own engine (`verge train --model lenet5`) and exported to ONNX.");
        var result = OnnxEvaluator.Evaluate(path, test, threads: 2, ct);
        AnsiConsole.MarkupLine($"zoo:lenet5 on the Fashion-MNIST test set through ONNX Runtime: accuracy [bold]{result.Accuracy:P2}[/] " +
                               $"({result.Samples:N0} images, {result.MsPerSample:F3} ms each)");
    }
}
