using System.Text;
using Verge.Core.Errors;
using Verge.Core.Spec;

namespace Verge.Inference.Tests.Planning;

/// <summary>Specs an attacker or a typo could write: each is refused in one line naming its field, or read correctly.</summary>
public sealed class HostileSpecTests
{
    private const string Valid = """
        app: { model: zoo:lenet5 }
        nodes:
          - { name: phone, tier: device, speed: 0.15, power: { compute_w: 2.5, idle_w: 0.3, radio_w: 1.2 } }
          - { name: edge,  tier: edge }
        links:
          - { from: phone, to: edge, bandwidth: 5.85Mbps, rtt: 20ms, schedule: [{ after_frames: 20, bandwidth: 1.1Mbps }] }
        """;

    [Theory]
    [InlineData("5.85Mbps, rtt", "1e-300bps, rtt", "links[0].bandwidth: 1e-300bps is out of range; give 1 bps to 1000 Gbps")]
    [InlineData("5.85Mbps, rtt", "1e40Gbps, rtt", "links[0].bandwidth: 1e40Gbps is out of range; give 1 bps to 1000 Gbps")]
    [InlineData("1.1Mbps }", "0.5bps }", "links[0].schedule[0].bandwidth: 0.5bps is out of range; give 1 bps to 1000 Gbps")]
    [InlineData("rtt: 20ms", "rtt: 1e20ms", "links[0].rtt: 1e20ms is out of range; give 0ms to 600s")]
    [InlineData("rtt: 20ms", "rtt: 1e400ms", "links[0].rtt: 1e400ms is out of range; give 0ms to 600s")]
    [InlineData("rtt: 20ms", "rtt: -1ms", "links[0].rtt: -1ms must not be negative")]
    [InlineData("speed: 0.15", "speed: 1e-308", "nodes[0].speed: 1e-308 is out of range; give 0.0001 to 10000")]
    [InlineData("speed: 0.15", "speed: 1e308", "nodes[0].speed: 1e308 is out of range; give 0.0001 to 10000")]
    [InlineData("speed: 0.15", "speed: .nan", "nodes[0].speed: '.nan' is not a number")]
    [InlineData("speed: 0.15", "speed: NaN", "nodes[0].speed: 'NaN' is not a number")]
    [InlineData("speed: 0.15", "speed: .inf", "nodes[0].speed: '.inf' is not a number")]
    [InlineData("speed: 0.15", "speed: 1e999", "nodes[0].speed: '1e999' is not a number")]
    [InlineData("compute_w: 2.5", "compute_w: 1e12", "nodes[0].power.compute_w: 1e12 is out of range; give 0 W to 10000 W")]
    [InlineData("radio_w: 1.2", "radio_w: -3", "nodes[0].power.radio_w: -3 must not be negative")]
    [InlineData("tier: edge }", "tier: edge, op_speeds: { Conv: 1e-9 } }", "nodes[1].op_speeds.Conv: 1e-9 is out of range; give 0.0001 to 10000")]
    [InlineData("after_frames: 20", "after_frames: 1e15", "links[0].schedule[0].after_frames: 1e15 is out of range; give 0 to 1000000000")]
    [InlineData("zoo:lenet5 }", "zoo:lenet5, slo: { latency_ms: 1e30 } }", "app.slo.latency_ms: 1e30 is out of range; give 0.001 ms to 3600000 ms")]
    [InlineData("zoo:lenet5 }", "zoo:lenet5, exits: { thresholds: [0.5, 1e9] } }", "app.exits.thresholds[1]: 1e9 is out of range; give 0 to 1000")]
    [InlineData("tier: edge }", "tier: device }", "nodes[1].tier: a second device node 'edge' (the first is 'phone'); a spec has exactly one device")]
    public void OutOfRangeValueNamesFieldAndRange(string replace, string with, string expected)
    {
        var text = Valid.Replace(replace, with);
        Assert.NotEqual(Valid, text);

        var e = Assert.Throws<InputException>(() => DeploymentSpec.Parse(text, "spec.yaml"));

        Assert.StartsWith("spec.yaml: " + expected, e.Message);
        Assert.Equal(ExitCodes.Input, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ValuesAtTheBoundsAreAccepted()
    {
        var text = Valid.Replace("5.85Mbps", "1bps").Replace("rtt: 20ms", "rtt: 600s").Replace("speed: 0.15", "speed: 0.0001")
            .Replace("compute_w: 2.5", "compute_w: 10000");
        var spec = DeploymentSpec.Parse(text, "spec.yaml");
        Assert.Equal(1, spec.Topology.Links[0].Bandwidth.BitsPerSecond);
        Assert.Equal(TimeSpan.FromMinutes(10), spec.Topology.Links[0].Rtt);
        Assert.Equal(0.0001, spec.Topology.Device.Speed);
    }

    [Theory]
    [InlineData("app: ", "[", "]")]
    [InlineData("app: ", "{a: ", "}")]
    [InlineData("", "- ", "")] // block lists, compact: "- - - …"
    public void DeepNestingIsOneLineNotAStackOverflow(string prefix, string open, string close)
    {
        // 50,000 levels overflowed the stack inside YamlDotNet (exit 134, 49,000 lines of trace).
        const int depth = 50_000;
        var text = new StringBuilder(prefix).Insert(prefix.Length, open, depth);
        if (close.Length > 0) text.Insert(text.Length, close, depth);

        var e = Assert.Throws<InputException>(() => DeploymentSpec.Parse(text.ToString(), "deep.yaml"));

        Assert.Matches(@"^deep\.yaml: line \d+: nested more than 64 levels deep; a spec needs a handful, flatten it$", e.Message);
    }

    [Fact]
    public void NestingUpToTheLimitIsStillReadAsYaml()
    {
        var text = "app: " + new string('[', YamlFields.MaxDepth - 1) + new string(']', YamlFields.MaxDepth - 1);
        var e = Assert.Throws<InputException>(() => DeploymentSpec.Parse(text, "spec.yaml"));
        Assert.StartsWith("spec.yaml: nodes: is missing", e.Message);
    }

    [Fact]
    public void ThreeThousandNodeChainIsReachableEndToEnd()
    {
        const int n = 3_000;
        var text = Chain(n);

        var spec = DeploymentSpec.Parse(text, "chain.yaml");

        Assert.Equal(n, spec.Topology.Nodes.Count);
        Assert.Equal(n - 1, spec.Topology.Path("n0", $"n{n - 1}")!.Count);
        Assert.Equal(n, spec.Topology.ReachableFrom("n0").Count);
    }

    [Fact]
    public void ThreeThousandNodeChainWithABreakNamesTheFirstUnreachableNode()
    {
        var text = Chain(3_000).Replace("  - { from: n1499, to: n1500, bandwidth: 10Mbps, rtt: 1ms }\n", "");

        var e = Assert.Throws<InputException>(() => DeploymentSpec.Parse(text, "chain.yaml"));

        Assert.Equal("chain.yaml: nodes[1500]: edge node 'n1500' is unreachable from device 'n0'; add a link to it", e.Message);
    }

    private static string Chain(int n)
    {
        var text = new StringBuilder("app: { model: zoo:lenet5 }\nnodes:\n  - { name: n0, tier: device }\n");
        for (int k = 1; k < n; k++) text.Append($"  - {{ name: n{k}, tier: edge }}\n");
        text.Append("links:\n");
        for (int k = 1; k < n; k++) text.Append($"  - {{ from: n{k - 1}, to: n{k}, bandwidth: 10Mbps, rtt: 1ms }}\n");
        return text.ToString();
    }
}
