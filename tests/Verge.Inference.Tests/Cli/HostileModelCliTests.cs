using Google.Protobuf;
using Onnx;
using Verge.Inference.Graph.Building;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>
/// Models ONNX Runtime cannot load or run, through the commands that profile them: one line naming the model,
/// exit 3, none of ONNX Runtime's own log lines before it, and no profiler trace left in the working directory.
/// </summary>
public sealed class HostileModelCliTests
{
    [Theory]
    [InlineData("unknown-op", "cannot be loaded by ONNX Runtime", "No Op registered for NoSuchOp")]
    [InlineData("huge-input", "input 'x' is 1×4×100000×100000 float, 149.01 GiB: more than the", "give it a smaller shape")]
    public void ProfileIsOneLineExit3AndLeavesNoTrace(string kind, string expected, string detail)
    {
        using var dir = new TempDir();
        var model = Save(dir, kind);

        var r = ChildProcess.RunVergeIn(dir.Path, null, "profile", model, "--runs", "1");

        var line = AssertOneLine(r);
        Assert.StartsWith($"verge: ", line);
        Assert.Contains($"'{model}'", line);
        Assert.Contains(expected, line);
        Assert.Contains(detail, line);
        Assert.DoesNotContain("onnxruntime", r.Stdout + r.Stderr.Replace("ONNX Runtime", ""), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(dir.Path, "onnxruntime_profile_*"));
    }

    [Theory]
    [InlineData("plan", "unknown-op")]
    [InlineData("plan", "huge-input")]
    [InlineData("run", "unknown-op")]
    [InlineData("run", "huge-input")]
    public void PlanAndRunReportTheModelInOneLineExit3(string command, string kind)
    {
        using var dir = new TempDir();
        var model = Save(dir, kind);
        var spec = dir.File("spec.yaml");
        File.WriteAllText(spec, $"app: {{ model: {model} }}\nnodes:\n  - {{ name: phone, tier: device }}\n  - {{ name: edge, tier: edge }}\n" +
                                "links:\n  - { from: phone, to: edge, bandwidth: 10Mbps, rtt: 5ms }\n");
        string[] args = command == "plan" ? ["plan", spec, "--runs", "1", "--no-rpc-cost"] : ["run", spec, "--runs", "1", "--frames", "2"];

        var r = ChildProcess.RunVergeIn(dir.Path, new Dictionary<string, string?> { ["VERGE_CACHE"] = dir.File("cache") }, args);

        Assert.Equal(3, r.ExitCode);
        // plan says "profiling … unless cached" first; the error is the last line and the only other one.
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines[..^1], l => Assert.StartsWith("verge: profiling ", l));
        Assert.Contains($"'{model}'", lines[^1]);
        Assert.DoesNotContain("internal error", r.Stderr);
        Assert.Empty(Directory.GetFiles(dir.Path, "onnxruntime_profile_*"));
    }

    private static string AssertOneLine(ChildResult r)
    {
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.Stderr}");
        return Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Save(TempDir dir, string kind)
    {
        var path = dir.File(kind + ".onnx");
        File.WriteAllBytes(path, Model(kind).ToByteArray());
        return path;
    }

    private static ModelProto Model(string kind)
    {
        var b = new OnnxBuilder(kind, producer: "verge-tests");
        if (kind == "huge-input")
        {
            // 4×10^10 floats: ONNX Runtime failed with std::bad_alloc (exit 1, "internal error").
            b.Output(b.Relu("y", b.Input("x", 1, 4, 100_000, 100_000)));
            return b.Build();
        }
        var x = b.Input("x", 1, 1, 28, 28);
        var w = b.Constant("W", [784, 10], new float[7840]);
        b.Output(b.MatMul("y", b.Flatten("f", x), w));
        var m = b.Build();
        m.Graph.Node[^1].OpType = "NoSuchOp";
        return m;
    }
}
