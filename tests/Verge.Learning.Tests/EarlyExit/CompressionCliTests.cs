using System.Text.Json;
using Verge.Cli;
using Verge.Core.Errors;

namespace Verge.Learning.Tests.EarlyExit;

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
            foreach (var row in root.GetProperty("sweep").EnumerateArray().Append(root.GetProperty("calibrated")))
            {
                Assert.Equal(2, row.GetProperty("thresholds").GetArrayLength());
                var fractions = row.GetProperty("fractions").EnumerateArray().Select(f => f.GetDouble()).ToArray();
                Assert.Equal(3, fractions.Length);
                Assert.Equal(1.0, fractions.Sum(), 6);
                foreach (var key in new[] { "accuracy", "expected_macs", "macs_ratio", "early_fraction" }) Assert.True(row.TryGetProperty(key, out _), key);
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
            foreach (var row in report.RootElement.GetProperty("rows").EnumerateArray())
            {
                Assert.True(row.GetProperty("bytes").GetInt64() > 0);
                Assert.True(row.GetProperty("latency_ms").GetDouble() > 0);
                Assert.InRange(row.GetProperty("accuracy").GetDouble(), 0, 1);
            }
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
    public async Task PruneOutOfRangeIsAUsageError() =>
        Assert.Equal(ExitCodes.Usage, await CliHost.RunAsync(["train", "--model", "lenet5", "--from", "x.bin", "--prune", "1.5", "--out", Path.GetTempPath()]));

    [Fact]
    public async Task MissingTeacherIsAnInputError() =>
        Assert.Equal(ExitCodes.Input, await CliHost.RunAsync(["train", "--model", "mlp", "--teacher", "/nonexistent/teacher.onnx", "--out", Path.GetTempPath()]));

    [Fact]
    public async Task ExitsOnAModelWithoutExitsIsAnInputError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"verge-plain-{Guid.NewGuid():N}.onnx");
        try
        {
            await Export.OnnxExporter.SaveAsync(Models.TrainableZoo.Create("mlp"), path);
            Assert.Equal(ExitCodes.Input, await CliHost.RunAsync(["exits", path, "--limit", "10"]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
