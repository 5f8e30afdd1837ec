using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Learning.EarlyExit;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge exits MODEL</c>: early-exit thresholds of a model with outputs exit1, …, final, calibrated on a slice
/// of the Fashion-MNIST training set for a target accuracy, and a threshold sweep on the test set (fraction leaving
/// at each exit, accuracy, expected MACs), all through ONNX Runtime.
/// </summary>
internal static class ExitsCommand
{
    private sealed record Row(IReadOnlyList<double> Thresholds, IReadOnlyList<double> Fractions, double EarlyFraction, double Accuracy,
        double ExpectedMacs, double MacsRatio)
    {
        public static Row From(ExitEvaluation e) => new(e.Thresholds, e.Fractions, e.EarlyFraction, e.Accuracy, Math.Round(e.ExpectedMacs), e.MacsRatio);
    }

    private sealed record Report(string Model, string Measure, IReadOnlyList<string> Exits, IReadOnlyList<long> ExitMacs, long FullMacs,
        int CalibrationSamples, int TestSamples, IReadOnlyList<double> ExitAccuracies, double FinalAccuracy, double TargetAccuracy,
        Row Calibrated, IReadOnlyList<Row> Sweep);

    public static Command Create(ModelZoo zoo)
    {
        var model = new Argument<string>("model") { Description = "ONNX model with outputs exit1, exit2, …, final (verge train --model branchy-lenet5)" };
        var target = new Option<double?>("--target-accuracy") { Description = "accuracy the calibrated thresholds must keep on the held-out slice (default: the final exit's own accuracy there)" };
        var measure = new Option<string>("--measure") { Description = "confidence: max-softmax or entropy", DefaultValueFactory = _ => "max-softmax" };
        var calibration = new Option<int>("--calib-samples") { Description = "held-out slice for calibration: the last N training images", DefaultValueFactory = _ => ExitAnalysis.DefaultCalibrationSamples };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var limit = new Option<int>("--limit") { Description = "use only the first N test samples (0: all)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads", DefaultValueFactory = _ => 2 };
        var json = new Option<string?>("--json") { Description = "write the result as JSON to FILE ('-' for stdout)" };

        var command = new Command("exits", "Calibrate early-exit thresholds and sweep them: share leaving at each exit, accuracy, expected MACs.");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { target, measure, calibration, data, limit, threads, json }) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var kind = r.GetValue(measure)!.ToLowerInvariant() switch
            {
                "max-softmax" or "maxsoftmax" or "softmax" => ConfidenceMeasure.MaxSoftmax,
                "entropy" => ConfidenceMeasure.Entropy,
                var other => throw new UsageException($"--measure '{other}' is not a confidence measure; write max-softmax or entropy"),
            };
            var targetAccuracy = r.GetValue(target);
            if (targetAccuracy is { } a && !(a >= 0 && a <= 1)) throw new UsageException($"--target-accuracy {a} must lie in [0, 1] (e.g. 0.88)");
            int calibrationCount = r.GetValue(calibration);
            if (calibrationCount < 1) throw new UsageException("--calib-samples must be at least 1");
            var name = r.GetValue(model)!;
            var path = zoo.Resolve(name);
            if (!File.Exists(path)) throw new InputException($"model '{name}' does not exist; give an ONNX file with early exits");
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);

            var train = await FashionMnist.LoadTrainAsync(r.GetValue(data), ct);
            var test = (await FashionMnist.LoadTestAsync(r.GetValue(data), ct)).Take(r.GetValue(limit));
            var result = ExitAnalysis.Run(path, ExitAnalysis.CalibrationSlice(train, calibrationCount), test, kind, targetAccuracy,
                Math.Max(1, r.GetValue(threads)), ct);
            var report = new Report(name, kind == ConfidenceMeasure.MaxSoftmax ? "max-softmax" : "entropy", result.Exits, result.ExitMacs, result.FullMacs,
                result.CalibrationSamples, result.TestSamples, result.ExitAccuracies, result.ExitAccuracies[^1], result.TargetAccuracy,
                Row.From(result.Calibrated), result.Sweep.Select(Row.From).ToList());
            if (!JsonOutput.ToStdout(jsonPath)) Render(console, report);
            JsonOutput.Write(report, jsonPath);
            return 0;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, Report report)
    {
        static string T(double t) => double.IsInfinity(t) ? (t > 0 ? "∞" : "−∞") : t.ToString("0.###", CultureInfo.InvariantCulture);
        var exits = string.Join(", ", report.Exits.Select((e, i) => $"{e} {Ui.Count(report.ExitMacs[i])} MACs, {report.ExitAccuracies[i]:P2} alone"));
        console.MarkupLine($"[bold]{Markup.Escape(report.Model)}[/]: {Markup.Escape(exits)}");
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{report.Measure} thresholds on {report.TestSamples:N0} test images (calibrated on the last {report.CalibrationSamples:N0} training images for accuracy ≥ {report.TargetAccuracy:P2})")
            .AddColumn("threshold");
        foreach (var e in report.Exits) table.AddColumn($"leave at {e}", c => c.RightAligned());
        table.AddColumn("accuracy", c => c.RightAligned()).AddColumn("expected MACs", c => c.RightAligned()).AddColumn("of full", c => c.RightAligned());
        void Add(string label, Row row) => table.AddRow([label, .. row.Fractions.Select(f => $"{f:P1}"), $"{row.Accuracy:P2}", Ui.Count((long)row.ExpectedMacs), $"{row.MacsRatio:P1}"]);
        foreach (var row in report.Sweep) Add(T(row.Thresholds[0]), row);
        Add("[bold]calibrated[/]", report.Calibrated);
        console.Write(table);
        console.MarkupLine($"calibrated thresholds {Markup.Escape(string.Join(" / ", report.Calibrated.Thresholds.Select(T)))}: accuracy [bold]{report.Calibrated.Accuracy:P2}[/] (final exit alone {report.FinalAccuracy:P2}), " +
                           $"{report.Calibrated.EarlyFraction:P1} leave early, {report.Calibrated.MacsRatio:P1} of the full MACs");
    }
}
