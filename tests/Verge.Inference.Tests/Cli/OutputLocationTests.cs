using Verge.Core.Errors;
using Verge.Core.Files;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>
/// Where Verge writes: every output goes through one atomic write, and a location that cannot be written is one
/// line, exit 3, before the command does its work (a path under a regular file fails for root as for anyone).
/// </summary>
public sealed class OutputLocationTests
{
    [Theory]
    [InlineData("--json", "x.json", "profile", "zoo:lenet5", "--runs", "1")]
    [InlineData("--out", "out", "train", "--model", "lenet5", "--epochs", "1", "--limit", "100")]
    [InlineData("--checkpoint", "ck", "fl", "server", "--rounds", "1", "--listen", "http://127.0.0.1:0")]
    [InlineData("--out", "stages", "split", "zoo:lenet5", "--cut", "MaxPool_0")]
    [InlineData("--out", "int8.onnx", "compress", "zoo:lenet5", "--int8")]
    [InlineData("--plot", "p.png", "profile", "zoo:lenet5", "--runs", "1")]
    public void AnUnwritableOutputIsOneLineExit3BeforeTheWork(string flag, string name, params string[] args)
    {
        using var dir = new TempDir();
        var file = dir.File("a-file");
        File.WriteAllText(file, "x");
        var target = Path.Combine(file, name);

        var r = ChildProcess.RunVergeIn(dir.Path, null, [.. args, flag, target]);

        Assert.Equal(3, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"verge: cannot write {flag} '{target}': '{file}' is a file, not a folder; give {flag} a writable location", line);
        Assert.Equal("", r.Stdout); // nothing ran: no training epochs, no federation, no profile table
    }

    [Fact]
    public void AnUnusableCacheIsOneLineExit3AndHelpStillWorks()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("a-file"), "x");
        var env = new Dictionary<string, string?> { ["VERGE_CACHE"] = dir.File("a-file/cache") };
        var spec = Path.Combine(Planning.DeploymentSpecTests.RepoRoot(), "examples", "lenet5.yaml");

        var plan = ChildProcess.RunVergeIn(dir.Path, env, "plan", spec, "--runs", "1", "--no-rpc-cost");
        var help = ChildProcess.RunVergeIn(dir.Path, env, "--help");

        Assert.Equal(3, plan.ExitCode);
        Assert.EndsWith($"cannot write the cache folder '{dir.File("a-file/cache")}': Could not find a part of the path '{dir.File("a-file/cache")}'; set VERGE_CACHE to a writable folder",
            plan.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Equal(0, help.ExitCode);
    }

    [Fact]
    public void AWriteThatFailsLeavesTheOldFileAndNoTemporary()
    {
        using var dir = new TempDir();
        var path = dir.File("model.onnx");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new InvalidOperationException("disk full half-way");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void AWriteReplacesTheFileWholeAndMakesItsFolder()
    {
        using var dir = new TempDir();
        var path = dir.File("deep/er/plan.json");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllBytes(path, "second"u8.ToArray());
        AtomicFile.WriteVia(dir.File("deep/plot.png"), p => File.WriteAllText(p, "png"));

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal("png", File.ReadAllText(dir.File("deep/plot.png")));
        Assert.Equal(["plan.json"], Directory.GetFiles(dir.File("deep/er")).Select(Path.GetFileName));
    }

    [Fact]
    public void AnUnwritableTargetIsAnInputErrorNamingIt()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("a-file"), "x");

        var e = Assert.Throws<InputException>(() => AtomicFile.WriteAllText(dir.File("a-file/x.json"), "{}", "JSON to"));

        Assert.StartsWith($"cannot write JSON to '{dir.File("a-file/x.json")}': ", e.Message);
        Assert.EndsWith("; choose a writable path", e.Message);
        Assert.Equal(ExitCodes.Input, e.ExitCode);
    }
}
