using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>Every user mistake gets one line on stderr naming the problem and the fix, a non-zero exit, no stack trace.</summary>
public sealed class CliErrorTests
{
    private static void AssertOneLineError(VergeProcess.Result r, int exitCode, string expected)
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
        AssertOneLineError(VergeProcess.Run("inspect", "/nonexistent/model.onnx"), 3, "model file '/nonexistent/model.onnx' not found");

    [Fact]
    public void TextFileIsNotOnnx()
    {
        using var dir = new TempDir();
        var path = dir.File("notes.onnx");
        File.WriteAllText(path, "this is not a model\n");
        var r = VergeProcess.Run("inspect", path);
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
        var r = VergeProcess.Run("profile", path);
        AssertOneLineError(r, 3, "truncated");
    }

    [Fact]
    public void UnknownZooName() =>
        AssertOneLineError(VergeProcess.Run("inspect", "zoo:resnet1000"), 3, "unknown zoo model 'resnet1000'; known: ");

    [Fact]
    public void SymbolicInputAsksForShape()
    {
        using var dir = new TempDir();
        var path = TinyModels.Save(TinyModels.DepthwiseChain("batch"), dir.File("dyn.onnx"));
        AssertOneLineError(VergeProcess.Run("inspect", path), 3, "--shape x=1x8x16x16");

        var fixedShape = VergeProcess.Run("inspect", path, "--shape", "x=4x8x16x16", "--json", "-");
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
        AssertOneLineError(VergeProcess.Run("profile", "zoo:resnet18", flag, value), 2, expected);

    [Fact]
    public void UnknownCommandIsAUsageError() =>
        AssertOneLineError(VergeProcess.Run("inspekt", "zoo:resnet18"), 2, "inspekt");
}
