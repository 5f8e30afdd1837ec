using System.Text.Json;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge fl simulate --secure-aggregation` as a user runs it.</summary>
public sealed class FlSecureAggregationCliTests
{
    private static JsonElement Simulate(TempDir dir, string name, params string[] extra)
    {
        var json = dir.File(name);
        var r = ChildProcess.RunVerge(["fl", "simulate", "--clients", "10", "--rounds", "2", "--model", "mlp", "--local-steps", "5", "--train-limit", "1500",
            "--test-limit", "300", "--threads", "1", "--codec", "q8", "--json", json, .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
    }

    [Fact]
    public void TenMaskedClientsLearnWithAtMostTwiceThePlainQuantisedUplink()
    {
        using var dir = new TempDir();
        var plain = Simulate(dir, "q8.json");
        var secure = Simulate(dir, "secure.json", "--secure-aggregation");
        Assert.Equal("threshold 5 of 9 neighbours, 8 value bits in a 12-bit ring, clip ±0.05", secure.GetProperty("secure_aggregation").GetString());
        Assert.False(plain.TryGetProperty("secure_aggregation", out _));
        Assert.All(secure.GetProperty("rounds").EnumerateArray(), r => Assert.Equal(10, r.GetProperty("participants").GetInt32()));
        Assert.True(secure.GetProperty("final_test_acc").GetDouble() > 0.5, $"{secure.GetProperty("final_test_acc").GetDouble():P1}");
        double ratio = (double)secure.GetProperty("total_uplink_bytes").GetInt64() / plain.GetProperty("total_uplink_bytes").GetInt64();
        // 12 bits a value against q8's 8, plus about 1 KB of keys and shares per client and round.
        Assert.InRange(ratio, 1.4, 2.0);
    }

    [Fact]
    public void TooManyDropsEndEachRoundWithTheReasonAndTheModelUnchanged()
    {
        using var dir = new TempDir();
        var report = Simulate(dir, "drops.json", "--secure-aggregation", "--stragglers", "drop=0.9", "--seed", "3");
        var rounds = report.GetProperty("rounds").EnumerateArray().ToList();
        Assert.All(rounds, r =>
        {
            Assert.Equal(0, r.GetProperty("participants").GetInt32());
            Assert.Matches(@"^secure aggregation aborted in round \d: only \d of 10 clients sent a masked update, fewer than the threshold 5; too many clients dropped$",
                r.GetProperty("note").GetString());
        });
        Assert.Equal(rounds[0].GetProperty("test_acc").GetDouble(), rounds[1].GetProperty("test_acc").GetDouble());
    }

    [Fact]
    public void TopKIsRefusedWithSecureAggregation()
    {
        var r = ChildProcess.RunVerge("fl", "simulate", "--codec", "topk:0.01", "--secure-aggregation");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("verge: codec 'topk:0.01' cannot be combined with --secure-aggregation: masks cover every coordinate", r.Stderr.Trim());
    }
}
