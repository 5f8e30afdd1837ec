using System.Diagnostics;
using System.IO.Compression;
using System.Numerics.Tensors;
using System.Text.Json;
using Verge.Inference.Compression.Int8;
using Verge.Inference.Graph;
using Verge.Learning.Compression.Distillation;
using Verge.Learning.Compression.Pruning;
using Verge.Learning.Data;
using Verge.Learning.EarlyExit;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models.Branchy;
using Verge.Learning.Models;
using Verge.Learning.Training;
using Verge.Core.Files;

namespace Verge.Net.Benchmarks.Compression;

/// <summary>
/// Every compression technique on every chosen zoo model, measured the same way: fp32, int8 (QDQ), magnitude
/// pruning, structured (filter) pruning, a distilled student, and early exits. Models are made (or reused from
/// the work folder), then sized, timed and scored through ONNX Runtime.
/// </summary>
public sealed class CompressionBench(CompressionBenchOptions options, IProgress<string>? log = null)
{
    private ImageDataset _train = null!, _test = null!;

    public sealed record Result(IReadOnlyList<CompressionRow> Rows, IReadOnlyList<string> Made);

    private readonly List<string> _made = [];

    public async Task<Result> RunAsync(CancellationToken ct = default)
    {
        using var engineThreads = Parallelism.Use(options.Threads);
        _train = (await FashionMnist.LoadTrainAsync(options.DataDirectory, ct)).Take(options.Limit);
        _test = (await FashionMnist.LoadTestAsync(options.DataDirectory, ct)).Take(options.Limit);
        var rows = new List<CompressionRow>();
        var labelsOnly = await EnsureAsync(Path.Combine(options.WorkDirectory, options.Student, "labels-only"),
            $"{options.Student} on labels only, {options.StudentEpochs} epochs (student baseline)", async path =>
            {
                var student = TrainableZoo.Create(options.Student, options.Seed);
                Fit(student, new Adam(student.Parameters(), 1e-3f), options.StudentEpochs);
                await OnnxExporter.SaveAsync(student, path, ct);
            });
        foreach (var model in options.Models)
        {
            ct.ThrowIfCancellationRequested();
            rows.AddRange(await ModelRowsAsync(model, labelsOnly, ct));
        }
        var studentRow = Measure([(options.Student, "labels only (student baseline)", labelsOnly, "")], []).Rows[0];
        rows.Add(studentRow);
        return new Result(rows, _made);
    }

    private async Task<IReadOnlyList<CompressionRow>> ModelRowsAsync(string model, string labelsOnly, CancellationToken ct)
    {
        var dir = Path.Combine(options.WorkDirectory, model);
        var fp32 = await EnsureAsync(Path.Combine(dir, "fp32"), $"{model}, {options.BaseEpochs} epochs", async path =>
        {
            var net = TrainableZoo.Create(model, options.Seed);
            var opt = new Adam(net.Parameters(), 1e-3f);
            Fit(net, opt, options.BaseEpochs);
            await OnnxExporter.SaveAsync(net, path, ct);
            Checkpoint.Save(Path.Combine(Path.GetDirectoryName(path)!, "checkpoint.bin"), net.Name, net, opt);
        });
        var checkpoint = Path.Combine(Path.GetDirectoryName(fp32)!, "checkpoint.bin");
        var variants = new List<(string Model, string Technique, string Path, string Notes)> { (model, "fp32", fp32, "") };

        var int8 = Path.Combine(dir, "int8", "model.onnx");
        if (!File.Exists(int8))
        {
            var watch = Stopwatch.StartNew();
            log?.Report($"{model}: int8 quantization calibrated on {options.Calibration}");
            var quantized = Int8Quantizer.Quantize(ModelGraph.Load(fp32), CalibrationSources.Parse(options.Calibration, options.DataDirectory),
                new Int8Options { Threads = options.Threads }, cancellationToken: ct);
            Directory.CreateDirectory(Path.GetDirectoryName(int8)!);
            quantized.Save(int8);
            Record(int8, watch.Elapsed.TotalSeconds, $"{model} int8 QDQ, calibrated on {options.Calibration}");
        }
        variants.Add((model, "int8", int8, $"calibrated on {options.Calibration}"));

        string magnitudeNotes = "";
        var magnitude = await EnsureAsync(Path.Combine(dir, $"magnitude-{options.MagnitudeSparsity * 100:0}"),
            $"{model} magnitude-pruned {options.MagnitudeSparsity:P0}, fine-tuned {options.FineTuneEpochs} epochs{LimitNote}", async path =>
            {
                var net = Load(model, checkpoint);
                var mask = MagnitudePruner.Prune(net, options.MagnitudeSparsity);
                Fit(net, new MaskedOptimizer(new Adam(net.Parameters(), options.FineTuneLearningRate), mask), options.FineTuneEpochs, options.FineTuneLimit);
                await OnnxExporter.SaveAsync(net, path, ct);
            });
        magnitudeNotes = $"{ZeroFraction(magnitude):P1} of conv/fc weights are zero";
        variants.Add((model, $"magnitude {options.MagnitudeSparsity:P0}", magnitude, magnitudeNotes));

        try
        {
            ChannelPruner.Prune(TrainableZoo.Create(model), options.StructuredFraction);
            var structured = await EnsureAsync(Path.Combine(dir, $"structured-{options.StructuredFraction * 100:0}"),
                $"{model} {options.StructuredFraction:P0} of conv filters removed, fine-tuned {options.FineTuneEpochs} epochs{LimitNote}", async path =>
                {
                    var net = ChannelPruner.Prune(Load(model, checkpoint), options.StructuredFraction);
                    Fit(net, new Adam(net.Parameters(), options.FineTuneLearningRate), options.FineTuneEpochs, options.FineTuneLimit);
                    await OnnxExporter.SaveAsync(net, path, ct);
                });
            variants.Add((model, $"structured {options.StructuredFraction:P0}", structured, $"{options.StructuredFraction:P0} of each conv's filters removed (L1)"));
        }
        catch (Core.Errors.UsageException e)
        {
            log?.Report($"{model}: no structured pruning ({e.Message})");
        }

        var distilled = await EnsureAsync(Path.Combine(dir, $"distilled-{options.Student}"),
            $"{options.Student} distilled from {model}, T {options.Temperature}, alpha {options.Alpha}, {options.StudentEpochs} epochs", async path =>
            {
                var student = TrainableZoo.Create(options.Student, options.Seed);
                using var teacher = new OnnxTeacher(fp32, options.Threads);
                var loader = new MiniBatchLoader(_train, 64, shuffle: true, options.Seed);
                var opt = new Adam(student.Parameters(), 1e-3f);
                var distillation = new DistillationOptions(options.Temperature, options.Alpha);
                foreach (var epoch in Distiller.Fit(student, teacher, loader, opt, distillation, _test, options.StudentEpochs, ct: ct))
                    log?.Report($"  epoch {epoch.Epoch}: loss {epoch.TrainLoss:F4}, test {epoch.TestAccuracy:P2} ({epoch.Seconds:F0} s)");
                await OnnxExporter.SaveAsync(student, path, ct);
            });
        variants.Add((model, $"distilled {options.Student}", distilled, $"T {options.Temperature}, α {options.Alpha}, {options.StudentEpochs} epochs"));

        List<CompressionRow> rows;
        if (CompressionBenchOptions.BranchyOf(model) is { } branchyName)
        {
            // The exit prefixes are timed in the same round-robin as the other variants, so their latencies compare.
            var (branchyPath, analysis, prefixes) = await EarlyExitsAsync(branchyName, Path.Combine(dir, "branchy"), ct);
            (rows, var prefixMs) = Measure(variants, prefixes);
            rows.Add(EarlyExitRow(model, branchyName, branchyPath, analysis, prefixMs));
        }
        else rows = Measure(variants, []).Rows;
        var labels = Accuracy(labelsOnly);
        return rows.Select(r => r with
        {
            DeltaPoints = (r.Accuracy - rows[0].Accuracy) * 100,
            SizeRatio = (double)r.Bytes / rows[0].Bytes,
            Speedup = r.LatencyMs > 0 ? rows[0].LatencyMs / r.LatencyMs : 0,
            Notes = r.Technique.StartsWith("distilled", StringComparison.Ordinal) ? $"{r.Notes}; same student on labels only: {labels:P2}" : r.Notes,
        }).ToList();
    }

    private async Task<(string Path, ExitAnalysis.Result Analysis, List<byte[]> Prefixes)> EarlyExitsAsync(string branchyName, string folder, CancellationToken ct)
    {
        var calibration = ExitAnalysis.CalibrationSlice(_train, Math.Min(ExitAnalysis.DefaultCalibrationSamples, _train.Count / 5));
        var path = await EnsureAsync(folder, $"{branchyName}, {options.BranchyEpochs} epochs (last {calibration.Count} training images held out)", async p =>
        {
            var net = BranchyZoo.Create(branchyName, options.Seed);
            var trainPart = _train.Take(_train.Count - calibration.Count);
            var loader = new MiniBatchLoader(trainPart, 64, shuffle: true, options.Seed);
            foreach (var epoch in BranchyTrainer.Fit(net, loader, new Adam(net.Parameters(), 1e-3f), _test, options.BranchyEpochs, ct: ct))
                log?.Report($"  epoch {epoch.Epoch}: loss {epoch.TrainLoss:F4}, final exit {epoch.TestAccuracy:P2} ({epoch.Seconds:F0} s)");
            await BranchyExporter.SaveAsync(net, p, ct);
        });
        log?.Report($"{branchyName}: calibrating exits on {calibration.Count} held-out training images");
        var analysis = ExitAnalysis.Run(path, calibration, _test, ConfidenceMeasure.MaxSoftmax, threads: options.Threads, ct: ct);
        var graph = ModelGraph.Load(path);
        var prefixes = Enumerable.Range(1, analysis.Exits.Count).Select(i => ExitPrefix.Extract(graph, analysis.Exits.Take(i).ToArray())).ToList();
        return (path, analysis, prefixes);
    }

    private static CompressionRow EarlyExitRow(string model, string branchyName, string path, ExitAnalysis.Result analysis, double[] latencies)
    {
        var c = analysis.Calibrated;
        double expectedMs = c.Fractions.Select((f, i) => f * latencies[i]).Sum();
        var fractions = string.Join(" / ", c.Fractions.Select(f => $"{f:P0}"));
        var thresholds = string.Join(" / ", c.Thresholds.Select(t => double.IsInfinity(t) ? "∞" : t.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
        var notes = $"{branchyName}: {string.Join("/", analysis.Exits)} take {fractions}; final exit alone {analysis.ExitAccuracies[^1]:P2}; " +
                    $"max-softmax thresholds {thresholds}; ms up to each exit {string.Join(" / ", latencies.Select(l => l.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))}";
        return new CompressionRow(model, "early exits", path, new FileInfo(path).Length, GzipSize(path), Parameters(ModelGraph.Load(path)), c.ExpectedMacs, expectedMs,
            c.Accuracy, MakeSeconds(path), notes)
        {
            FinalExitAccuracy = analysis.ExitAccuracies[^1],
            EarlyFraction = c.EarlyFraction,
        };
    }

    /// <summary>Sizes, MACs and accuracy of each model, and their latencies measured round-robin.</summary>
    private (List<CompressionRow> Rows, double[] ExtraMs) Measure(IReadOnlyList<(string Model, string Technique, string Path, string Notes)> variants,
        IReadOnlyList<byte[]> extra)
    {
        log?.Report($"{variants[0].Model}: timing {variants.Count + extra.Count} models ({options.Runs} runs each, {options.Threads} threads) and scoring them on {_test.Count} test images");
        var latencies = LatencyMeter.MedianMs([.. variants.Select(v => File.ReadAllBytes(v.Path)), .. extra], _test.Image(0).ToArray(), options.Threads, options.Runs);
        var rows = variants.Select((v, i) =>
        {
            var graph = ModelGraph.Load(v.Path);
            return new CompressionRow(v.Model, v.Technique, v.Path, new FileInfo(v.Path).Length, GzipSize(v.Path), Parameters(graph), graph.MacsTotal,
                latencies[i], Accuracy(v.Path), MakeSeconds(v.Path), v.Notes);
        }).ToList();
        return (rows, latencies[variants.Count..]);
    }

    private double Accuracy(string path)
    {
        using var runner = new OnnxBatchRunner(path, options.Threads);
        int correct = 0;
        for (int start = 0; start < _test.Count; start += 256)
        {
            int n = Math.Min(256, _test.Count - start);
            var logits = runner.Run(_test.Pixels.AsSpan(start * _test.ImageSize, n * _test.ImageSize), n)[^1];
            int k = logits.Length / n;
            for (int i = 0; i < n; i++)
                if (TensorPrimitives.IndexOfMax<float>(logits.AsSpan(i * k, k)) == _test.Labels[start + i]) correct++;
        }
        return _test.Count == 0 ? 0 : (double)correct / _test.Count;
    }

    private string LimitNote => options.FineTuneLimit > 0 && options.FineTuneLimit < _train.Count ? $" on {options.FineTuneLimit} images" : "";

    /// <summary>Every value of every initializer (int8 weights included), the parameter count of any ONNX file.</summary>
    private static long Parameters(ModelGraph graph) => graph.Proto.Graph.Initializer.Sum(i => i.Dims.Aggregate(1L, (a, b) => a * b));

    private TrainableModel Load(string model, string checkpoint)
    {
        var net = TrainableZoo.Create(model, options.Seed);
        Checkpoint.Load(checkpoint, net);
        return net;
    }

    private void Fit(Layer net, Optimizer optimizer, int epochs, int limit = 0)
    {
        var loader = new MiniBatchLoader(_train.Take(limit), 64, shuffle: true, options.Seed);
        foreach (var epoch in Trainer.Fit(net, loader, optimizer, _test, epochs))
            log?.Report($"  epoch {epoch.Epoch}: loss {epoch.TrainLoss:F4}, test {epoch.TestAccuracy:P2} ({epoch.Seconds:F0} s)");
    }

    /// <summary>FOLDER/model.onnx, made by <paramref name="make"/> unless it is there already; the seconds it took go next to it.</summary>
    private async Task<string> EnsureAsync(string folder, string what, Func<string, Task> make)
    {
        var path = Path.Combine(folder, "model.onnx");
        if (File.Exists(path))
        {
            log?.Report($"reusing {path}");
            return path;
        }
        log?.Report($"making {what}");
        Directory.CreateDirectory(folder);
        var watch = Stopwatch.StartNew();
        await make(path);
        Record(path, watch.Elapsed.TotalSeconds, what);
        return path;
    }

    private void Record(string path, double seconds, string what)
    {
        AtomicFile.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "seconds.txt"), seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        _made.Add($"{what}: {seconds:0} s");
    }

    /// <summary>Seconds it took to make a model: seconds.txt from this benchmark, or the epochs of a verge train report (train.json).</summary>
    private static double MakeSeconds(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        var seconds = Path.Combine(dir, "seconds.txt");
        if (File.Exists(seconds)) return double.Parse(File.ReadAllText(seconds), System.Globalization.CultureInfo.InvariantCulture);
        var train = Path.Combine(dir, "train.json");
        if (!File.Exists(train)) return double.NaN;
        using var doc = JsonDocument.Parse(File.ReadAllText(train));
        return doc.RootElement.GetProperty("epochs").EnumerateArray().Sum(e => e.GetProperty("seconds").GetDouble());
    }

    private static long GzipSize(string path)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var file = File.OpenRead(path)) file.CopyTo(gzip);
        return buffer.Length;
    }

    private static double ZeroFraction(string path)
    {
        var graph = ModelGraph.Load(path);
        long zeros = 0, total = 0;
        foreach (var init in graph.Proto.Graph.Initializer.Where(i => i.Dims.Count >= 2))
        {
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(init.RawData.Span);
            foreach (var v in values) if (v == 0f) zeros++;
            total += values.Length;
        }
        return total == 0 ? 0 : (double)zeros / total;
    }
}
