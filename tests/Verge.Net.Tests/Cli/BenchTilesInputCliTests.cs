namespace Verge.Net.Tests.Cli;

/// <summary>`verge bench tiles --input`: a declaration that cannot be used is refused in one line before anything runs.</summary>
public sealed class BenchTilesInputCliTests
{
    [Theory]
    [InlineData("zoo:resnet-tiny", "u8:0.5,0.5/0.2", 2, "--input: ")]
    [InlineData("zoo:resnet-tiny", "float", 2, "--input: ")]
    [InlineData("zoo:resnet-tiny", "u8:0.5,0.5/0.2,0.2", 3, "1 channels")]
    [InlineData("zoo:lstm-seq", "u8:imagenet", 3, "not an image")]
    public async Task AnInputDeclarationThatDoesNotFitIsRefusedInOneLine(string model, string input, int exit, string says)
    {
        var r = await ChildProcess.RunVergeAsync(120, "bench", "tiles", "--model", model, "--grids", "2x2", "--helpers", "1", "--frames", "1", "--input", input,
            "--doc", Path.Combine(Path.GetTempPath(), "never-written.md"), "--plot", Path.Combine(Path.GetTempPath(), "never-written.png"));
        Assert.Equal(exit, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        Assert.Contains(says, lines[0]);
    }
}
