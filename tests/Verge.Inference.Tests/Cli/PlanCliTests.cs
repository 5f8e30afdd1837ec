using System.Text.Json;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>`verge plan` as a user runs it: the objective decides the choice; a spec with variants selects a model too.</summary>
public sealed class PlanCliTests
{
    private static JsonElement Plan(params string[] args)
    {
        // --no-rpc-cost: the RPC stack's cost is timed on this host at planning time, and a loaded host could tip a choice.
        var r = ChildProcess.RunVerge(["plan", .. args, "--runs", "2", "--threads", "1", "--no-rpc-cost", "--json", "-"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    private static double Predicted(JsonElement candidate, string key) => candidate.GetProperty("predicted").GetProperty(key).GetDouble();

    [Fact]
    public void EnergyObjectiveOffloadsWhatLatencyKeepsOnTheDevice()
    {
        // A power-hungry sensor (10 W computing, 0.1 W radio, 1 mW idle) on a fast link with a 50 ms RTT: computing
        // LeNet-5 there is quickest (~0.5 ms against ≥ 50 ms; the margin keeps the choice even when the cached profile
        // was taken on a host loaded 10×) but costs ~60× the energy of sending the 3 KB image away and waiting.
        using var dir = new TempDir();
        var spec = dir.File("sensor.yaml");
        File.WriteAllText(spec, """
            app: { model: zoo:lenet5, input: fashion-mnist:test, objective: latency }
            nodes:
              - { name: sensor, tier: device, speed: 0.05, power: { compute_w: 10, idle_w: 0.001, radio_w: 0.1 } }
              - { name: edge,   tier: edge,   speed: 1.0 }
            links:
              - { from: sensor, to: edge, bandwidth: 100Mbps, rtt: 50ms }
            """);

        var latency = Plan(spec);
        var energy = Plan(spec, "--objective", "energy");

        Assert.Equal("latency", latency.GetProperty("objective").GetString());
        Assert.Equal("energy", energy.GetProperty("objective").GetString());
        JsonElement Chosen(JsonElement plan) =>
            plan.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("name").GetString() == plan.GetProperty("chosen").GetString());
        var fast = Chosen(latency);
        var frugal = Chosen(energy);
        Assert.Equal(latency.GetProperty("candidates").EnumerateArray().Min(c => Predicted(c, "latency_ms")), Predicted(fast, "latency_ms"));
        Assert.Equal(energy.GetProperty("candidates").EnumerateArray().Min(c => Predicted(c, "device_energy_mj")), Predicted(frugal, "device_energy_mj"));
        Assert.Equal(0, Predicted(fast, "uplink_bytes"));
        Assert.Equal(3136, Predicted(frugal, "uplink_bytes"));
        Assert.True(Predicted(frugal, "device_energy_mj") * 10 < Predicted(fast, "device_energy_mj"),
            $"offloading {Predicted(frugal, "device_energy_mj")} mJ vs computing {Predicted(fast, "device_energy_mj")} mJ");
    }

    [Fact]
    public void VariantsPickTheCheapestModelMeetingTheAccuracyFloor()
    {
        var plan = Plan(Path.Combine(Planning.DeploymentSpecTests.RepoRoot(), "examples", "model-selection.yaml"));

        Assert.Equal(0.90, plan.GetProperty("min_accuracy").GetDouble());
        var selection = plan.GetProperty("selection");
        var variants = selection.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal(["cnn-small", "lenet5", "mlp"], variants.Keys.Order());
        // Accuracies measured on the first 2000 Fashion-MNIST test images (deterministic; docs/results/exits-and-selection.md).
        Assert.Equal(0.908, variants["cnn-small"].GetProperty("accuracy").GetDouble(), 4);
        Assert.Equal(0.89, variants["lenet5"].GetProperty("accuracy").GetDouble(), 4);
        Assert.Equal(0.8915, variants["mlp"].GetProperty("accuracy").GetDouble(), 4);
        Assert.Equal([true, false, false], new[] { "cnn-small", "lenet5", "mlp" }.Select(n => variants[n].GetProperty("meets_accuracy").GetBoolean()));
        Assert.Equal("cnn-small", selection.GetProperty("chosen").GetProperty("variant").GetString());
        Assert.Equal("accuracy", selection.GetProperty("binding").GetString());
        Assert.True(Predicted(selection.GetProperty("chosen"), "latency_ms") <= plan.GetProperty("slo_latency_ms").GetDouble());
    }
}
