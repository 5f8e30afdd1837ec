using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Inference.Compression.Int8;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Passes;
using Verge.Inference.Zoo;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge compress MODEL --int8 --out FILE`: post-training int8 quantization (QDQ), then fp32 vs int8 on held-out
/// inputs: size on disk, latency, output difference, top-1 agreement.
/// </summary>
internal static class CompressCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var model = CommonOptions.Model();
        var int8 = new Option<bool>("--int8") { Description = "quantize Conv/Gemm/MatMul to int8 (QDQ, static, calibrated)" };
        var calib = new Option<string>("--calib")
        {
            Description = $"calibration inputs: {CalibrationSources.Examples}",
            HelpName = "SPEC",
            DefaultValueFactory = _ => "random:64",
        };
        var method = new Option<string>("--method") { Description = "activation ranges: minmax or percentile", HelpName = "minmax|percentile", DefaultValueFactory = _ => "minmax" };
        var percentile = new Option<double>("--percentile") { Description = "percentile of |x| kept by --method percentile", DefaultValueFactory = _ => 99.99 };
        var activations = new Option<string>("--activations") { Description = "activation type: uint8 or int8", HelpName = "uint8|int8", DefaultValueFactory = _ => "uint8" };
        var output = new Option<string>("--out") { Description = "where to write the int8 model", HelpName = "FILE", Required = true };
        var samples = new Option<int>("--samples") { Description = "held-out inputs for the output comparison", DefaultValueFactory = _ => 16 };
        var runs = new Option<int>("--runs") { Description = "timed runs of each model (medians are reported)", DefaultValueFactory = _ => 20 };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var shape = CommonOptions.Shape();
        var command = new Command("compress", "Compress a model (int8 quantization) and compare it with the original")
        {
            model, int8, calib, method, percentile, activations, output, samples, runs, threads, json, shape,
        };
        command.SetAction((result, ct) =>
        {
            if (!result.GetValue(int8))
                throw new UsageException("choose a compression: --int8 (post-training int8 quantization) is the one available");
            var options = new Int8Options
            {
                Method = ParseMethod(result.GetValue(method)!),
                Percentile = result.GetValue(percentile),
                Activations = ParseActivations(result.GetValue(activations)!),
                Threads = CommonOptions.Positive(result.GetValue(threads), "--threads"),
            };
            options.Validate();
            int sampleCount = CommonOptions.Positive(result.GetValue(samples), "--samples");
            int runCount = CommonOptions.Positive(result.GetValue(runs), "--runs");
            var source = CalibrationSources.Parse(result.GetValue(calib)!);
            var outPath = result.GetValue(output)!;
            var jsonPath = result.GetValue(json);
            var console = Ui.For(jsonPath);

            var name = result.GetValue(model)!;
            var graph = zoo.Load(name, CommonOptions.ParseShapes(result.GetValue(shape)));
            console.MarkupLine($"calibrating [bold]{Markup.Escape(graph.Source)}[/] on {Markup.Escape(source.Spec)} ({options.Method.ToString().ToLowerInvariant()})");
            var quantized = Int8Quantizer.Quantize(graph, source, options, cancellationToken: ct);
            Save(quantized, outPath);

            console.MarkupLine($"comparing fp32 and int8 on {sampleCount} held-out inputs, {runCount} timed runs each at {options.Threads} threads");
            var comparison = ModelComparer.Compare(graph.ToBytes(), quantized.ToBytes(), graph.Inputs, source.HeldOut(sampleCount), options.Threads, runCount, ct)
                with { Fp32Bytes = new FileInfo(graph.File!).Length, Int8Bytes = new FileInfo(outPath).Length };
            if (!JsonOutput.ToStdout(jsonPath))
                Render(console, graph.Source, outPath, quantized, comparison);
            JsonOutput.Write(CompressReport.From(graph.Source, outPath, quantized, options, comparison), jsonPath);
            return Task.FromResult(0);
        });
        return command;
    }

    private static CalibrationMethod ParseMethod(string value) => value.ToLowerInvariant() switch
    {
        "minmax" or "min-max" => CalibrationMethod.MinMax,
        "percentile" => CalibrationMethod.Percentile,
        _ => throw new UsageException($"--method '{value}' is not a calibration method; write minmax or percentile"),
    };

    private static ActivationType ParseActivations(string value) => value.ToLowerInvariant() switch
    {
        "uint8" or "u8" => ActivationType.UInt8,
        "int8" or "s8" => ActivationType.Int8,
        _ => throw new UsageException($"--activations '{value}' is not an activation type; write uint8 or int8"),
    };

    private static void Save(Int8Result quantized, string path) => quantized.Save(path);

    private static void Render(IAnsiConsole console, string model, string outPath, Int8Result q, Int8Comparison c)
    {
        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(model)}[/] fp32 vs int8: {q.Plan.Nodes.Count} ops quantized, calibrated on {Markup.Escape(q.Calibration)}; " +
                   $"latency median of {c.Runs} runs at {c.Threads} threads; outputs on {c.Samples} held-out inputs")
            .AddColumn("").AddColumn("fp32", col => col.RightAligned()).AddColumn("int8", col => col.RightAligned()).AddColumn("int8 / fp32", col => col.RightAligned());
        table.AddRow("size on disk", Ui.Bytes(c.Fp32Bytes), Ui.Bytes(c.Int8Bytes), $"{F(c.SizeRatio * 100, "0.0")} %");
        var speed = c.Speedup >= 1 ? $"{F(c.Speedup, "0.00")}× faster" : $"[yellow]{F(1 / c.Speedup, "0.00")}× slower[/]";
        table.AddRow("latency", $"{F(c.Fp32Ms, "0.000")} ms", $"{F(c.Int8Ms, "0.000")} ms", speed);
        table.AddRow("max |Δ| of outputs", "", F(c.MaxAbsDiff, "0.####"), "");
        table.AddRow("max |Δ| / max |fp32|", "", $"{F(c.MaxRelDiff * 100, "0.00")} %", "");
        table.AddRow("SQNR", "", $"{F(c.SqnrDb, "0.0")} dB", "");
        table.AddRow("top-1 agreement", "", $"{c.Top1Agreed}/{c.Top1Total}", $"{F(c.Top1Agreement * 100, "0.0")} %");
        console.Write(table);
        var kernels = c.Int8Kernels.Count == 0 ? "none (ONNX Runtime runs the dequantized ops in float)" : string.Join(", ", c.Int8Kernels.Select(k => $"{k.Value} {k.Key}"));
        console.MarkupLine($"int8 kernels after ONNX Runtime's QDQ fusion: {Markup.Escape(kernels)}");
        if (q.OriginalOpset < OpsetUpgrade.Target) console.MarkupLine($"opset raised from {q.OriginalOpset} to {OpsetUpgrade.Target}");
        if (q.FoldedBatchNorms > 0) console.MarkupLine($"{q.FoldedBatchNorms} BatchNormalization folded into Conv");
        console.MarkupLine($"int8 model: [bold]{Markup.Escape(outPath)}[/]");
    }
}
