using System.CommandLine;
using Spectre.Console;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Learning.Export;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge eval</c>: accuracy of an ONNX classifier on the Fashion-MNIST test set through ONNX Runtime, one image
/// at a time. Input convention: pixels/255 as float, shape 1×1×28×28 (the same as <c>verge train</c>).
/// </summary>
internal static class EvalCommand
{
    private sealed record Report(string Model, int Samples, double Accuracy, double MsPerSample);

    public static Command Create(ModelZoo zoo)
    {
        var model = new Argument<string>("model") { Description = "ONNX file or zoo:NAME taking 1x1x28x28 pixels/255" };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var limit = new Option<int>("--limit") { Description = "use only the first N test samples (0: all)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads", DefaultValueFactory = _ => 2 };
        var json = new Option<string?>("--json") { Description = "write the result as JSON to FILE ('-' for stdout)" };

        var command = new Command("eval", "Accuracy of an ONNX model on the Fashion-MNIST test set through ONNX Runtime.");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { data, limit, threads, json }) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var name = r.GetValue(model)!;
            var path = zoo.Resolve(name);
            var test = (await FashionMnist.LoadTestAsync(r.GetValue(data), ct)).Take(r.GetValue(limit));
            var result = OnnxEvaluator.Evaluate(path, test, Math.Max(1, r.GetValue(threads)), ct);
            var report = new Report(name, result.Samples, result.Accuracy, Math.Round(result.MsPerSample, 4));
            var jsonPath = r.GetValue(json);
            if (jsonPath != "-")
                AnsiConsole.MarkupLine($"{Markup.Escape(name)}: accuracy [bold]{result.Accuracy:P2}[/] on {result.Samples:N0} test images, {result.MsPerSample:F3} ms per image");
            await TrainCommand.WriteJsonAsync(report, jsonPath, ct);
            return 0;
        });
        return command;
    }
}
