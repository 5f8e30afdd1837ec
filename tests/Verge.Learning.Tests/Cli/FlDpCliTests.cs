using System.Globalization;
using System.Text.Json;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge fl simulate --dp` as a user runs it: (ε, δ) after every round, the accountant's own numbers.</summary>
public sealed class FlDpCliTests
{
    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EpsilonAfterEveryRoundGrowsAndEqualsVergePrivacyEpsilon(bool secure)
    {
        using var dir = new TempDir();
        var json = dir.File("dp.json");
        string[] extra = secure ? ["--secure-aggregation", "--fraction", "0.8"] : ["--fraction", "0.5"];
        var r = ChildProcess.RunVerge(["fl", "simulate", "--clients", "10", "--rounds", "3", "--model", "mlp", "--local-steps", "3", "--train-limit", "1000",
            "--test-limit", "200", "--threads", "1", "--codec", "q8", "--dp", "--noise", "1.0", "--clip", "0.5", "--delta", "1e-5", "--json", json, .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var report = Json(json);
        Assert.Equal("dp-fedavg", report.GetProperty("strategy").GetString());
        double q = secure ? 0.8 : 0.5, previous = 0;
        var rounds = report.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(3, rounds.Count);
        for (int t = 1; t <= 3; t++)
        {
            var accountant = dir.File($"eps{t}.json");
            var a = ChildProcess.RunVerge("privacy", "epsilon", "--sample-rate", q.ToString(CultureInfo.InvariantCulture), "--noise", "1.0", "--steps", $"{t}",
                "--delta", "1e-5", "--json", accountant);
            Assert.True(a.ExitCode == 0, a.Stderr);
            double epsilon = rounds[t - 1].GetProperty("epsilon").GetDouble();
            Assert.Equal(Json(accountant).GetProperty("epsilon").GetDouble(), epsilon, 12);
            Assert.Equal(1e-5, rounds[t - 1].GetProperty("delta").GetDouble());
            Assert.True(epsilon > previous);
            previous = epsilon;
            Assert.Contains($"ε {epsilon:F3}", r.Stdout);
        }
        var privacy = report.GetProperty("privacy");
        Assert.Equal(previous, privacy.GetProperty("epsilon").GetDouble());
        Assert.Equal(q, privacy.GetProperty("sample_rate").GetDouble());
        Assert.Equal(3, privacy.GetProperty("rounds").GetInt32());
        Assert.Equal(secure, report.TryGetProperty("secure_aggregation", out _));
    }

    [Fact]
    public void DpRefusesStrategiesThatAreNotFedAvg()
    {
        var r = ChildProcess.RunVerge("fl", "simulate", "--strategy", "sync-sgd", "--dp");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("verge: --dp runs DP-FedAvg, a form of fedavg; not sync-sgd", r.Stderr.Trim());
    }
}
