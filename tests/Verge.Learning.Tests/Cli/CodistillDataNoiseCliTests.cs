using System.Text.Json;
using Verge.Core.Errors;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge fl simulate --strategy codistill`, `--data-noise` and `verge bench data-noise` as a user runs them.</summary>
public sealed class CodistillDataNoiseCliTests
{
    [Fact]
    public void CodistillRunsAndCountsTeacherBytesInTheDownlink()
    {
        using var dir = new TempDir();
        var json = dir.File("c.json");
        var r = ChildProcess.RunVerge("fl", "simulate", "--strategy", "codistill", "--clients", "4", "--rounds", "2", "--model", "mlp", "--local-steps", "2",
            "--train-limit", "400", "--test-limit", "100", "--threads", "1", "--codistill-burn-in", "1", "--data-noise", "0.1", "--json", json);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rounds = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("rounds").EnumerateArray().ToList();
        Assert.True(rounds[1].GetProperty("downlink_bytes").GetInt64() > rounds[0].GetProperty("downlink_bytes").GetInt64());
        Assert.Contains("4 teacher models sent", r.Stdout);
    }

    [Fact]
    public void MoreGroupsThanClientsIsAUsageError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("fl", "simulate", "--strategy", "codistill", "--clients", "2", "--groups", "3", "--model", "mlp", "--train-limit", "100", "--threads", "1"),
        ExitCodes.Usage, "verge: 3 groups leave some without a client among 2; use --groups ≤ --clients");

    [Fact]
    public void CodistillFlagsWithAnotherStrategyAreAUsageError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("fl", "simulate", "--strategy", "fedavg", "--groups", "3"),
        ExitCodes.Usage, "verge: --groups goes with --strategy codistill, not fedavg; drop it or choose codistill");

    [Fact]
    public void DataNoiseWithDpIsAUsageError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("train", "--model", "mlp", "--out", "/tmp/never", "--data-noise", "0.1", "--dp"),
        ExitCodes.Usage, "verge: --data-noise applies to plain training only; drop it, or the DP, pruning, distillation or exit flags");

    [Fact]
    public void NegativeDataNoiseIsOutOfRange()
    {
        var r = ChildProcess.RunVerge("fl", "simulate", "--data-noise", "-1");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("--data-noise -1 is out of range", r.Stderr);
    }

    [Fact]
    public void BadLevelsAreAUsageError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("bench", "data-noise", "--levels", "0,x"),
        ExitCodes.Usage, "verge: --levels value 'x' is not a noise std in [0, 10]; write e.g. 0,0.25,0.5");
}
