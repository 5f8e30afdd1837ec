using Verge.Cli;
using Verge.Cli.Options;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>Numeric flags have ranges and enum-like flags a list, declared once; a value outside is one line, exit 2.</summary>
public sealed class FlagRangesTests
{
    [Fact]
    public void EveryNumericFlagOfEveryCommandHasARange()
    {
        var options = FlagRanges.NumericOptions(CliHost.BuildRoot()).ToList();

        Assert.True(options.Count > 50, $"only {options.Count} numeric flags found");
        Assert.Empty(options.Where(o => !FlagRanges.IsDeclared(o.Command, o.Option)).Select(o => $"{o.Command} {o.Option.Name}"));
    }

    [Theory]
    [InlineData("--threads 100000 is out of range; give 1 to 256", "profile", "zoo:lenet5", "--threads", "100000")]
    [InlineData("--runs 2147483647 is out of range; give 1 to 100000", "profile", "zoo:lenet5", "--runs", "2147483647")]
    [InlineData("--runs 0 is out of range; give 1 to 100000", "plan", "examples/lenet5.yaml", "--runs", "0")]
    [InlineData("--threads 100000 is out of range; give 1 to 256", "run", "examples/lenet5.yaml", "--threads", "100000")]
    [InlineData("--frames 2000000000 is out of range; give 1 to 1000000", "run", "examples/lenet5.yaml", "--frames", "2000000000")]
    [InlineData("--clients 100000 is out of range; give 1 to 1000", "fl", "simulate", "--clients", "100000")]
    [InlineData("--momentum NaN is out of range; give 0 to 1", "fl", "simulate", "--momentum", "NaN")]
    [InlineData("--rounds -1 is out of range; give 1 to 100000", "fl", "server", "--rounds", "-1")]
    [InlineData("--batch 0 is out of range; give 1 to 65536", "train", "--model", "lenet5", "--out", "x", "--batch", "0")]
    [InlineData("--max-stages 0 is out of range; give 1 to 100000", "serve", "--max-stages", "0")]
    [InlineData("--objective 'speed' is not allowed; give one of latency, energy", "plan", "examples/lenet5.yaml", "--objective", "speed")]
    [InlineData("--optimizer 'rmsprop' is not allowed; give one of sgd, adam", "train", "--model", "lenet5", "--out", "x", "--optimizer", "rmsprop")]
    public void OutOfRangeFlagIsOneLineExit2(string expected, params string[] args)
    {
        var r = ChildProcess.RunVerge(args);

        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"verge: {expected} (see 'verge ", line);
    }

    [Theory]
    [InlineData("profile", "--threads", "256")]
    [InlineData("fl simulate", "--momentum", "0")]
    [InlineData("fl server", "--lr", "0")]
    [InlineData("train", "--alpha", "1")]
    [InlineData("fl simulate", "--alpha", "100")]
    public void ValuesAtTheBoundsParse(string command, string flag, string value)
    {
        var args = command.Split(' ').Concat(command == "profile" ? ["zoo:lenet5"] : command == "train" ? ["--model", "lenet5", "--out", "x"] : [])
            .Append(flag).Append(value).ToArray();

        Assert.Empty(CliHost.BuildRoot().Parse(args).Errors);
    }
}
