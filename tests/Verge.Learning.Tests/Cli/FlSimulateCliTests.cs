using System.Buffers.Binary;
using System.Text.Json;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge fl simulate` and `verge fl plot` as a user runs them.</summary>
public sealed class FlSimulateCliTests
{
    private static JsonElement Simulate(string json, string codec)
    {
        var r = ChildProcess.RunVerge("fl", "simulate", "--clients", "4", "--rounds", "3", "--model", "mlp", "--local-steps", "5", "--train-limit", "800",
            "--test-limit", "300", "--threads", "1", "--codec", codec, "--json", json);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
    }

    [Fact]
    public void SimulateLearnsAndEightBitUpdatesCutTheUplinkFourfoldThenPlotDrawsBoth()
    {
        using var dir = new TempDir();
        string fp32Json = dir.File("fp32.json"), q8Json = dir.File("q8.json"), png = dir.File("fl.png");
        var fp32 = Simulate(fp32Json, "fp32");
        var q8 = Simulate(q8Json, "q8");

        foreach (var (report, codec) in new[] { (fp32, "fp32"), (q8, "q8") })
        {
            Assert.Equal("fedavg", report.GetProperty("strategy").GetString());
            Assert.Equal(codec, report.GetProperty("codec").GetString());
            var rounds = report.GetProperty("rounds").EnumerateArray().ToList();
            Assert.Equal([1, 2, 3], rounds.Select(r => r.GetProperty("round").GetInt32()));
            Assert.All(rounds, r => Assert.Equal(4, r.GetProperty("participants").GetInt32()));
            Assert.Equal(rounds.Sum(r => r.GetProperty("uplink_bytes").GetInt64()), report.GetProperty("total_uplink_bytes").GetInt64());
            double first = rounds[0].GetProperty("test_acc").GetDouble(), last = report.GetProperty("final_test_acc").GetDouble();
            Assert.True(last > 0.5 && last > first, $"{codec}: {first:P1} after round 1, {last:P1} after round 3 (chance is 10 %)");
            Assert.Equal(0, report.GetProperty("rejected_updates").GetInt32());
        }
        double ratio = (double)fp32.GetProperty("total_uplink_bytes").GetInt64() / q8.GetProperty("total_uplink_bytes").GetInt64();
        Assert.InRange(ratio, 3.95, 4.0);
        // The server sends fp32 weights down either way.
        Assert.Equal(fp32.GetProperty("total_downlink_bytes").GetInt64(), q8.GetProperty("total_downlink_bytes").GetInt64());

        var r = ChildProcess.RunVerge("fl", "plot", fp32Json, q8Json, "--out", png);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)) >= 400, "a plot narrower than 400 pixels"); // IHDR width
    }

    [Fact]
    public void PlotRefusesAFileThatIsNotAReport()
    {
        using var dir = new TempDir();
        var bad = dir.File("bad.json");
        File.WriteAllText(bad, "{ \"rounds\": [] }");
        var r = ChildProcess.RunVerge("fl", "plot", bad, "--out", dir.File("fl.png"));
        Assert.Equal(3, r.ExitCode);
        Assert.Equal($"verge: '{bad}' holds no rounds", r.Stderr.Trim());
    }
}
