using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>Every user mistake gets one line on stderr naming the problem and the fix, a non-zero exit, no stack trace.</summary>
public sealed class CliErrorTests
{
    private static void AssertOneLineError(ChildResult r, int exitCode, string expected)
    {
        Assert.Equal(exitCode, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("verge: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void MissingModelFile() =>
        AssertOneLineError(ChildProcess.RunVerge("inspect", "/nonexistent/model.onnx"), 3, "model file '/nonexistent/model.onnx' not found");

    [Fact]
    public void TextFileIsNotOnnx()
    {
        using var dir = new TempDir();
        var path = dir.File("notes.onnx");
        File.WriteAllText(path, "this is not a model\n");
        var r = ChildProcess.RunVerge("inspect", path);
        Assert.Equal(3, r.ExitCode);
        Assert.Matches("not (a readable )?(an )?ONNX model", r.Stderr);
        AssertOneLineError(r, 3, path);
    }

    [Fact]
    public void TruncatedOnnxFile()
    {
        using var dir = new TempDir();
        var path = dir.File("half.onnx");
        var whole = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "zoo", "resnet18.onnx"));
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        var r = ChildProcess.RunVerge("profile", path);
        AssertOneLineError(r, 3, "truncated");
    }

    [Fact]
    public void UnknownZooName() =>
        AssertOneLineError(ChildProcess.RunVerge("inspect", "zoo:resnet1000"), 3, "unknown zoo model 'resnet1000'; known: ");

    [Fact]
    public void SymbolicInputAsksForShape()
    {
        using var dir = new TempDir();
        var path = TinyModels.Save(TinyModels.DepthwiseChain("batch"), dir.File("dyn.onnx"));
        AssertOneLineError(ChildProcess.RunVerge("inspect", path), 3, "--shape x=1x8x16x16");

        var fixedShape = ChildProcess.RunVerge("inspect", path, "--shape", "x=4x8x16x16", "--json", "-");
        Assert.Equal(0, fixedShape.ExitCode);
        Assert.Contains("\"macs_total\"", fixedShape.Stdout);
    }

    [Theory]
    [InlineData("--runs", "0", "--runs 0 is out of range; give 1 to 100000")]
    [InlineData("--runs", "ten", "ten")]
    [InlineData("--threads", "-2", "--threads -2 is out of range; give 1 to 256")]
    [InlineData("--shape", "x=1xAx3", "dimension 'A' is not a positive integer")]
    [InlineData("--shape", "1x3x224x224", "is not NAME=DIMS")]
    [InlineData("--plot", "profile.jpg", "must name a .png file")]
    [InlineData("--frobnicate", "1", "--frobnicate")]
    public void BadFlagValuesAreUsageErrors(string flag, string value, string expected) =>
        AssertOneLineError(ChildProcess.RunVerge("profile", "zoo:resnet18", flag, value), 2, expected);

    [Fact]
    public void UnknownCommandIsAUsageError() =>
        AssertOneLineError(ChildProcess.RunVerge("inspekt", "zoo:resnet18"), 2, "inspekt");
}
