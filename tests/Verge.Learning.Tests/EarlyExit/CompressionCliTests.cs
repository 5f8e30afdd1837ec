using System.Text.Json;
using Verge.Cli;
using Verge.Core.Errors;
using Verge.Learning.Tests.Cli;

namespace Verge.Learning.Tests.EarlyExit;

[Collection(InProcessCli.Name)]
public sealed class CompressionCliTests
{
    [Fact]
    public async Task BranchyTrainThenExitsWritesOneRowPerThreshold()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"verge-exits-cli-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(0, await CliHost.RunAsync(["train", "--model", "branchy-lenet5", "--epochs", "1", "--limit", "300", "--threads", "1", "--out", dir]));
            var json = Path.Combine(dir, "exits.json");
            Assert.Equal(0, await CliHost.RunAsync(["exits", Path.Combine(dir, "model.onnx"), "--limit", "200", "--calib-samples", "200", "--json", json]));
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = doc.RootElement;
            Assert.Equal(new[] { "exit1", "exit2", "final" }, root.GetProperty("exits").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Equal(3, root.GetProperty("exit_macs").GetArrayLength());
            Assert.Equal(3, root.GetProperty("exit_accuracies").GetArrayLength());
            Assert.Equal(200, root.GetProperty("test_samples").GetInt32());
            Assert.Equal(200, root.GetProperty("calibration_samples").GetInt32());
            Assert.Equal("max-softmax", root.GetProperty("measure").GetString());
            var macs = root.GetProperty("exit_macs").EnumerateArray().Select(m => m.GetDouble()).ToArray();
            Assert.True(macs[0] < macs[1] && macs[1] < macs[2], string.Join(", ", macs));
            foreach (var row in root.GetProperty("sweep").EnumerateArray().Append(root.GetProperty("calibrated")))
            {
                Assert.Equal(2, row.GetProperty("thresholds").GetArrayLength());
                var fractions = row.GetProperty("fractions").EnumerateArray().Select(f => f.GetDouble()).ToArray();
                Assert.Equal(3, fractions.Length);
                Assert.Equal(1.0, fractions.Sum(), 6);
                // Each sample pays the MACs up to the exit it leaves at; the rest follows from the shares.
                double expected = fractions.Zip(macs, (f, m) => f * m).Sum();
                Assert.Equal(expected, row.GetProperty("expected_macs").GetDouble(), 0);
                Assert.Equal(expected / macs[2], row.GetProperty("macs_ratio").GetDouble(), 3);
                Assert.Equal(fractions[0] + fractions[1], row.GetProperty("early_fraction").GetDouble(), 6);
                double correct = row.GetProperty("accuracy").GetDouble() * 200;
                Assert.Equal(Math.Round(correct), correct, 6); // a count of the 200 test images
            }
            Assert.True(root.GetProperty("sweep").GetArrayLength() >= 10);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task BenchCompressWritesOneRowPerTechniqueAndTheDoc()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"verge-bench-compress-{Guid.NewGuid():N}");
        try
        {
            string doc = Path.Combine(dir, "compression.md"), json = Path.Combine(dir, "bench.json");
            Assert.Equal(0, await CliHost.RunAsync(["bench", "compress", "--models", "lenet5", "--limit", "300", "--runs", "3", "--base-epochs", "1",
                "--student-epochs", "1", "--branchy-epochs", "1", "--threads", "1", "--work", Path.Combine(dir, "work"), "--doc", doc, "--json", json]));
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var techniques = report.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("technique").GetString()!).ToArray();
            Assert.Equal(new[] { "fp32", "int8", "magnitude 80 %", "structured 50 %", "distilled mlp-small", "early exits", "labels only (student baseline)" }, techniques);
            var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("technique").GetString()!);
            JsonElement fp32 = rows["fp32"], int8 = rows["int8"], sparse = rows["magnitude 80 %"], structured = rows["structured 50 %"];
            double Number(JsonElement row, string key) => row.GetProperty(key).GetDouble();
            Assert.All(rows.Values.Where(r => r.GetProperty("model").GetString() == "lenet5"), r =>
                Assert.Equal((Number(r, "accuracy") - Number(fp32, "accuracy")) * 100, Number(r, "delta_points"), 6));
            // What each technique must do even to a model trained on 300 images for one epoch (compression.md holds the full-data figures).
            Assert.True(Number(int8, "bytes") < 0.3 * Number(fp32, "bytes"));
            Assert.True(Math.Abs(Number(int8, "delta_points")) <= 3, $"int8 moved accuracy by {Number(int8, "delta_points")} points"); // 9 of 300 images
            Assert.StartsWith("80.0 % of conv/fc weights are zero", sparse.GetProperty("notes").GetString());
            Assert.True(Number(sparse, "gzip_bytes") < 0.35 * Number(fp32, "gzip_bytes")); // zeros compress
            Assert.True(Number(structured, "params") < 0.6 * Number(fp32, "params"));
            Assert.True(Number(structured, "macs") < 0.4 * Number(fp32, "macs"));
            Assert.Equal(Number(rows["labels only (student baseline)"], "params"), Number(rows["distilled mlp-small"], "params"));
            Assert.True(Number(rows["distilled mlp-small"], "macs") < 0.1 * Number(fp32, "macs"));
            Assert.True(Number(rows["early exits"], "early_fraction") >= 0.5);
            Assert.True(Number(rows["early exits"], "macs") < Number(fp32, "macs"));
            Assert.Equal(5, report.RootElement.GetProperty("acceptance").GetArrayLength());
            var text = await File.ReadAllTextAsync(doc);
            Assert.Contains("verge bench compress --models lenet5", text);
            Assert.Contains("| lenet5 | int8 |", text);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PruneOutOfRangeIsAUsageError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("train", "--model", "lenet5", "--from", "x.bin", "--prune", "1.5", "--out", Path.GetTempPath()), ExitCodes.Usage,
        "verge: --prune 1.5 is out of range; give the fraction to remove, at least 0 and below 1 (e.g. --prune 0.8)");

    [Fact]
    public void MissingTeacherIsAnInputError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("train", "--model", "mlp", "--teacher", "/nonexistent/teacher.onnx", "--out", Path.GetTempPath()), ExitCodes.Input,
        "verge: teacher model '/nonexistent/teacher.onnx' does not exist; give the model.onnx of a trained teacher (verge train --out DIR writes DIR/model.onnx)");

    [Fact]
    public async Task ExitsOnAModelWithoutExitsIsAnInputError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"verge-plain-{Guid.NewGuid():N}.onnx");
        try
        {
            await Export.OnnxExporter.SaveAsync(Models.TrainableZoo.Create("mlp"), path);
            CliErrors.AssertOneLine(ChildProcess.RunVerge("exits", path, "--limit", "10"), ExitCodes.Input,
                $"verge: '{path}' has no early exits: it needs outputs exit1, exit2, …, final (train one with verge train --model branchy-lenet5)");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
