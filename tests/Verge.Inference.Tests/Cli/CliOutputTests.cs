using System.Text.Json;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

public sealed class CliOutputTests
{
    [Fact]
    public void InspectJsonOnStdoutIsMachineClean()
    {
        var r = ChildProcess.RunVerge("inspect", "zoo:resnet18", "--json", "-");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("zoo:resnet18", root.GetProperty("model").GetString());
        Assert.Equal("Input247", root.GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal("float", root.GetProperty("inputs")[0].GetProperty("dtype").GetString());
        var first = root.GetProperty("nodes")[0];
        Assert.Equal("Conv", first.GetProperty("op").GetString());
        Assert.Equal(3_211_264, first.GetProperty("output_bytes").GetInt64());
        Assert.Equal(74, root.GetProperty("nodes").GetArrayLength());
        Assert.True(root.GetProperty("params_total").GetInt64() > 10_000_000);
        Assert.True(root.GetProperty("macs_total").GetInt64() > 2_000_000_000);
    }

    [Fact]
    public void ProfileWritesJsonAndPlot()
    {
        using var dir = new TempDir();
        var model = TinyModels.Save(TinyModels.DepthwiseChain(), dir.File("chain.onnx"));
        var json = dir.File("profile.json");
        var png = dir.File("plots/profile.png");

        var r = ChildProcess.RunVerge("profile", model, "--runs", "3", "--threads", "1", "--json", json, "--plot", png);

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("runs").GetInt32());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.True(root.GetProperty("whole_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("sum_node_ms").GetDouble() > 0);
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(6, nodes.Count);
        // dwconv 8×16×16, pwconv and relu 16×16×16, pool and flatten 16×8×8, fc 10 floats.
        Assert.Equal([8192L, 16384, 16384, 4096, 4096, 40], nodes.Select(n => n.GetProperty("output_bytes").GetInt64()));
        // Node times are the profiler's, rounded to 1 µs each; they add up to the reported sum.
        Assert.Equal(root.GetProperty("sum_node_ms").GetDouble(), nodes.Sum(n => n.GetProperty("ms").GetDouble()), tolerance: 0.004);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }
}
