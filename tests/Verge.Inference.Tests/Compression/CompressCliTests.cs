using System.Text.Json;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Compression;

/// <summary>`verge compress`: a report on success, one-line errors with the right exit code on mistakes.</summary>
public sealed class CompressCliTests
{
    [Fact]
    public void CompressWritesTheInt8ModelAndAJsonReport()
    {
        using var dir = new TempDir();
        var output = dir.File("tiny-dag.int8.onnx");
        var r = ChildProcess.RunVerge("compress", "zoo:tiny-dag", "--int8", "--calib", "random:8", "--method", "percentile",
            "--samples", "4", "--runs", "2", "--threads", "1", "--out", output, "--json", "-");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.Exists(output));
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("random:8", root.GetProperty("calibration").GetString());
        Assert.Equal("percentile", root.GetProperty("method").GetString());
        Assert.Equal(new FileInfo(output).Length, root.GetProperty("int8_bytes").GetInt64());
        Assert.True(root.GetProperty("int8_ms").GetDouble() > 0);
        // A model this small (11.6 K parameters) keeps per-channel scales and zero points beside its int8 weights, so
        // it shrinks to about 0.56 of fp32, not to the quarter a large one approaches.
        Assert.True(root.GetProperty("int8_bytes").GetInt64() < 0.6 * root.GetProperty("fp32_bytes").GetInt64());
        Assert.True(root.GetProperty("sqnr_db").GetDouble() >= 30, $"SQNR {root.GetProperty("sqnr_db")} dB");
        Assert.True(root.GetProperty("top1_agreement").GetDouble() >= 0.95, $"top-1 agreement {root.GetProperty("top1_agreement")}");
        Assert.Equal(9, root.GetProperty("int8_kernels").GetProperty("QLinearConv").GetInt32()); // every conv of tiny-dag
    }

    [Fact]
    public void Int8LeNetIsUnderAThirdOfTheSizeAndAgreesWithFp32()
    {
        using var dir = new TempDir();
        var r = ChildProcess.RunVerge("compress", "zoo:lenet5", "--int8", "--calib", "fashion-mnist:train:256", "--samples", "500", "--runs", "2",
            "--threads", "1", "--out", dir.File("lenet5.int8.onnx"), "--json", "-");

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(500, root.GetProperty("samples").GetInt32());
        // docs/results/int8.md: conv/fc-heavy models shrink to 25-27 % of fp32 (LeNet-5 here: 28 %, 99.8 % agreement).
        long fp32 = root.GetProperty("fp32_bytes").GetInt64(), int8 = root.GetProperty("int8_bytes").GetInt64();
        Assert.True(int8 < fp32 / 3, $"int8 {int8} B vs fp32 {fp32} B");
        Assert.True(root.GetProperty("top1_agreement").GetDouble() >= 0.95, $"top-1 agreement {root.GetProperty("top1_agreement")}");
    }

    [Fact]
    public void CompressPrintsTheComparisonTable()
    {
        using var dir = new TempDir();
        var r = ChildProcess.RunVerge("compress", "zoo:tiny-chain", "--int8", "--calib", "random:4", "--samples", "2", "--runs", "1", "--out", dir.File("m.onnx"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("size on disk", r.Stdout);
        Assert.Contains("top-1 agreement", r.Stdout);
        Assert.Contains("QLinearConv", r.Stdout);
    }

    [Theory]
    [InlineData(2, "choose a compression: --int8", "--out", "OUT")]
    [InlineData(2, "--calib 'imagenet:5' is not recognised", "--int8", "--calib", "imagenet:5", "--out", "OUT")]
    [InlineData(2, "--method 'kl' is not a calibration method; write minmax or percentile", "--int8", "--method", "kl", "--out", "OUT")]
    [InlineData(2, "--percentile must be in (0, 100]", "--int8", "--method", "percentile", "--percentile", "0", "--out", "OUT")]
    [InlineData(2, "--activations 'int4' is not an activation type", "--int8", "--activations", "int4", "--out", "OUT")]
    [InlineData(2, "--out", "--int8")]
    [InlineData(3, "needs a model with one float input of N×1×28×28", "--int8", "--calib", "fashion-mnist:train:4", "--out", "OUT")]
    public void MistakesGiveOneLine(int exitCode, string expected, params string[] flags)
    {
        using var dir = new TempDir();
        var args = new[] { "compress", "zoo:tiny-chain" }.Concat(flags.Select(f => f == "OUT" ? dir.File("m.onnx") : f)).ToArray();
        var r = ChildProcess.RunVerge(args);

        Assert.Equal(exitCode, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("verge: ", line);
        Assert.Contains(expected, line);
    }
}
