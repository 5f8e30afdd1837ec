using System.Text.Json;
using Verge.Cli;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;

namespace Verge.Results.Tests;

/// <summary>Issue 16 item 3: a node whose spec says <c>profile: results:SYSTEM</c> is planned with that system's per-layer times.</summary>
[Collection(InProcessCli.Name)]
public sealed class ProfileSpecTests
{
    private static ModelProfile Profile(params (string Name, string Op, double Ms)[] nodes) =>
        new("m", 3, 1, nodes.Sum(n => n.Ms), nodes.Sum(n => n.Ms), nodes.Select(n => new NodeTiming(n.Name, n.Op, n.Ms, 16)).ToList());

    [Fact]
    public void SpeedsReproduceTheOtherSystemPerOpTypeAndForTheWholeModel()
    {
        var here = Profile(("a", "Conv", 2), ("b", "Relu", 1), ("c", "Conv", 4));
        var there = Profile(("a", "Conv", 6), ("b", "Relu", 0.5), ("c", "Conv", 12));
        var node = ProfileSpeeds.Apply(new Node("board", Tier.Device) { Profile = "results:board" }, here, there);
        Assert.Equal(1.0 / 3, node.SpeedFor("Conv"), 12);
        Assert.Equal(2.0, node.SpeedFor("Relu"), 12);
        double predicted = here.Nodes.Sum(n => n.Ms / node.SpeedFor(n.OpType));
        Assert.Equal(there.SumNodeMs, predicted, 9);
        Assert.Equal(here.SumNodeMs / there.SumNodeMs, node.Speed, 12);
    }

    [Fact]
    public void EveryLayerCostsWhatTheOtherSystemMeasuredEvenWhereLayersOfOneTypeDisagree()
    {
        // Two convolutions the other system runs at different ratios (3× and 1.5× slower): per op type they would
        // average out; per layer each stage containing one of them is predicted exactly.
        var here = Profile(("a", "Conv", 2), ("b", "Relu", 1), ("c", "Conv", 4));
        var there = Profile(("a", "Conv", 6), ("b", "Relu", 0.5), ("c", "Conv", 6));
        var node = ProfileSpeeds.Apply(new Node("board", Tier.Device) { Profile = "results:board" }, here, there);
        foreach (var (h, t) in here.Nodes.Zip(there.Nodes))
            Assert.Equal(t.Ms, h.Ms / node.SpeedFor(h.Name, h.OpType), 12);
        Assert.Equal(0.5, node.SpeedFor("Conv"), 12); // 6 ms here ÷ 12 ms there: the per-type ratio is only the fallback
    }

    [Fact]
    public void ALayerMissingFromTheStoredProfileIsAnInputError()
    {
        var here = Profile(("a", "Conv", 2), ("b", "Relu", 1));
        var there = Profile(("a", "Conv", 6));
        Assert.Throws<InputException>(() => ProfileSpeeds.Apply(new Node("board", Tier.Device) { Profile = "results:board" }, here, there));
    }

    [Fact]
    public async Task PlanUsesTheStoredProfileOfTheNamedSystem()
    {
        using var tiny = new Tiny();
        var graph = ModelGraph.Load(tiny.Model);
        var options = new ProfileOptions { Runs = 2, Threads = 1 };
        var here = ProfileCache.Get(graph, options, out _);
        // "slowbox" took four times as long on every layer.
        var there = here with { OptimizedMs = here.OptimizedMs * 4, WholeMs = here.WholeMs * 4, Nodes = here.Nodes.Select(n => n with { Ms = n.Ms * 4 }).ToList() };
        using (var store = ResultsStore.Open(tiny.Db))
            store.Append(Tiny.Record("slowbox", "profile") with { Model = ModelDescriptor.From(graph), Profile = StoredProfiles.Serialize(there) });

        var spec = Path.Combine(tiny.Dir, "spec.yaml");
        File.WriteAllText(spec, $$"""
            app: { model: {{tiny.Model}}, input: random, objective: latency }
            nodes:
              - { name: box, tier: device, profile: "results:slowbox" }
              - { name: edge, tier: edge, speed: 1.0 }
            links:
              - { from: box, to: edge, bandwidth: 10Mbps, rtt: 5ms }
            """);
        var json = Path.Combine(tiny.Dir, "plan.json");
        Assert.Equal(0, await CliHost.RunAsync(["plan", spec, "--runs", "2", "--threads", "1", "--no-rpc-cost", "--db", tiny.Db, "--json", json]));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var deviceOnly = doc.RootElement.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "device-only");
        double rounding = 2e-3; // the plan's JSON rounds to microseconds
        Assert.Equal(4 * here.OptimizedMs, deviceOnly.GetProperty("predicted").GetProperty("latency_ms").GetDouble(), rounding);

        File.WriteAllText(spec, File.ReadAllText(spec).Replace("results:slowbox", "results:nobox"));
        Assert.Equal(3, await CliHost.RunAsync(["plan", spec, "--runs", "2", "--threads", "1", "--no-rpc-cost", "--db", tiny.Db]));
    }

    [Theory]
    [InlineData("{ name: box, tier: device, ep: cuda }")]
    [InlineData("{ name: box, tier: device, ep: tpu }")]
    [InlineData("{ name: box, tier: device, speed: 2, profile: \"results:slowbox\" }")]
    [InlineData("{ name: box, tier: device, profile: \"slowbox\" }")]
    public async Task ASpecNodeThisHostCannotRunOrThatSaysTooMuchIsAnInputError(string device)
    {
        using var tiny = new Tiny();
        var spec = Path.Combine(tiny.Dir, "spec.yaml");
        File.WriteAllText(spec, $$"""
            app: { model: {{tiny.Model}}, input: random, objective: latency }
            nodes:
              - {{device}}
            """);
        Assert.Equal(3, await CliHost.RunAsync(["plan", spec, "--runs", "1", "--threads", "1", "--no-rpc-cost", "--db", tiny.Db]));
    }
}
