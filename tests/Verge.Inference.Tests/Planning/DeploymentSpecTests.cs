using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Planning;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Planning;

public sealed class DeploymentSpecTests
{
    private const string Valid = """
        app:
          model: zoo:resnet18
          input: random
          objective: latency
          slo: { latency_ms: 100 }
        nodes:
          - { name: phone, tier: device, speed: 0.15, power: { compute_w: 2.5, idle_w: 0.3, radio_w: 1.2 } }
          - { name: edge,  tier: edge,   speed: 1.0 }
          - { name: cloud, tier: cloud,  speed: 3.0 }
        links:
          - { from: phone, to: edge,  bandwidth: 5.85Mbps, rtt: 20ms, schedule: [{ after_frames: 20, bandwidth: 1.1Mbps, rtt: 50ms }] }
          - { from: edge,  to: cloud, bandwidth: 100Mbps,  rtt: 40ms }
        """;

    [Fact]
    public void ValidSpecReadsEveryField()
    {
        var spec = DeploymentSpec.Parse(Valid, "spec.yaml");

        Assert.Equal("zoo:resnet18", spec.App.Model);
        Assert.Equal(100, spec.App.SloLatencyMs);
        Assert.Equal(WireCodec.Fp32, spec.App.Codec);
        Assert.Equal("phone", spec.Topology.Device.Name);
        Assert.Equal(0.15, spec.Topology["phone"].Speed);
        Assert.Equal(1.2, spec.Topology["phone"].Power.RadioW);
        var uplink = spec.Topology.Links[0];
        Assert.Equal(5.85e6, uplink.Bandwidth.BitsPerSecond, 3);
        Assert.Equal(1.1e6, uplink.AtFrame(20).Bandwidth.BitsPerSecond, 3);
        Assert.Equal(TimeSpan.FromMilliseconds(50), uplink.AtFrame(25).Rtt);
        Assert.Equal(TimeSpan.FromMilliseconds(20), uplink.AtFrame(19).Rtt);
        Assert.Equal(["phone", "edge", "cloud"], spec.Topology.Path("phone", "cloud")!.SelectMany(l => new[] { l.From, l.To }).Distinct());
    }

    [Theory]
    [InlineData("to: edge,  bandwidth", "to: edg,  bandwidth", "spec.yaml: links[0].to: unknown node 'edg'; known nodes: phone, edge, cloud")]
    [InlineData("5.85Mbps, rtt: 20ms", "-5Mbps, rtt: 20ms", "spec.yaml: links[0].bandwidth: -5Mbps must be positive")]
    [InlineData("5.85Mbps, rtt: 20ms", "0Mbps, rtt: 20ms", "spec.yaml: links[0].bandwidth: 0Mbps must be positive")]
    [InlineData("5.85Mbps, rtt: 20ms", "5.85Mbs, rtt: 20ms", "spec.yaml: links[0].bandwidth: '5.85Mbs' is not a bandwidth")]
    [InlineData("5.85Mbps, rtt: 20ms", "5.85Mbps, rtt: 20 parsecs", "spec.yaml: links[0].rtt: '20 parsecs' is not a duration")]
    [InlineData("tier: device, speed: 0.15", "tier: edge, speed: 0.15", "spec.yaml: nodes: no node has tier: device")]
    [InlineData("tier: device, speed: 0.15", "tier: device, speed: -1", "spec.yaml: nodes[0].speed: -1 must be positive")]
    [InlineData("objective: latency", "objective: speed", "spec.yaml: app.objective: unknown value 'speed'; expected one of latency, energy")]
    [InlineData("  input: random", "  input: random\n  colour: red", "spec.yaml: app.colour: unknown key; expected one of model, input, objective, slo, codec")]
    [InlineData("after_frames: 20,", "after_frames: 2.5,", "spec.yaml: links[0].schedule[0].after_frames: 2.5 is not a frame count")]
    [InlineData("  - { from: edge,  to: cloud, bandwidth: 100Mbps,  rtt: 40ms }", "", "spec.yaml: nodes[2]: cloud node 'cloud' is unreachable from device 'phone'")]
    [InlineData("latency_ms: 100 }", "latency_ms: 100", "spec.yaml: YAML syntax error")]
    [InlineData("  input: random", "  input: random\n input2: x", "spec.yaml: line 4: YAML syntax error")]
    public void InvalidSpecNamesItsField(string replace, string with, string expected)
    {
        var text = Valid.Replace(replace, with);
        Assert.NotEqual(Valid, text);

        var e = Assert.Throws<InputException>(() => DeploymentSpec.Parse(text, "spec.yaml"));

        Assert.StartsWith(expected, e.Message);
        Assert.Equal(ExitCodes.Input, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void EnergyObjectiveNeedsDevicePower()
    {
        var text = Valid.Replace("objective: latency", "objective: energy").Replace(", power: { compute_w: 2.5, idle_w: 0.3, radio_w: 1.2 }", "");
        var e = Assert.Throws<InputException>(() => DeploymentSpec.Parse(text, "spec.yaml"));
        Assert.StartsWith("spec.yaml: app.objective: energy needs the power of device 'phone'", e.Message);
    }

    [Fact]
    public void UnknownModelIsReportedWhenLoadedForPlanning()
    {
        var spec = DeploymentSpec.Parse(Valid.Replace("zoo:resnet18", "zoo:resnet1000"), "spec.yaml");
        var e = Assert.Throws<InputException>(() => SpecModel.Load(spec, TestZoo.Zoo));
        Assert.StartsWith("spec.yaml: app.model: unknown zoo model 'resnet1000'", e.Message);

        spec = DeploymentSpec.Parse(Valid.Replace("zoo:resnet18", "no/such/model.onnx"), "spec.yaml");
        e = Assert.Throws<InputException>(() => SpecModel.Load(spec, TestZoo.Zoo));
        Assert.StartsWith("spec.yaml: app.model: no file 'no/such/model.onnx'", e.Message);
    }

    [Theory]
    [InlineData("examples/resnet18-3g-lte-wifi.yaml", "zoo:resnet18", "phone edge cloud", "latency", 2, "")]
    [InlineData("examples/resnet18-wifi-to-3g.yaml", "zoo:resnet18", "phone edge", "latency", 1, "")]
    [InlineData("examples/lenet5.yaml", "zoo:lenet5", "sensor edge", "energy", 1, "")]
    [InlineData("examples/branchy-lenet5-ddnn.yaml", "zoo:branchy-lenet5", "phone edge cloud", "latency", 2, "exits 0.9 0.9")]
    [InlineData("examples/model-selection.yaml", "zoo:cnn-small zoo:lenet5 zoo:mlp", "phone edge", "latency", 1, "min_accuracy 0.9")]
    [InlineData("examples/compressed-variants.yaml",
        "vgg-mini/fp32.onnx vgg-mini/int8.onnx vgg-mini/structured50.onnx vgg-mini/distilled-mlp-small.onnx", "phone edge", "latency", 1,
        "min_accuracy 0.89")]
    public void ShippedExamplesReadAsWritten(string path, string models, string nodes, string objective, int links, string extra)
    {
        var spec = DeploymentSpec.Load(Path.Combine(RepoRoot(), path));

        var named = spec.App.Variants.Count > 0 ? spec.App.Variants.Select(v => v.Model) : [spec.App.Model];
        Assert.Equal(models, string.Join(' ', named));
        Assert.Equal(nodes, string.Join(' ', spec.Topology.Nodes.Select(n => n.Name)));
        Assert.Equal(objective, spec.App.Objective.ToString().ToLowerInvariant());
        Assert.Equal(links, spec.Topology.Links.Count);
        var exits = spec.App.Exits is { Thresholds: { } t } ? "exits " + string.Join(' ', t) : null;
        var floor = spec.App.SloMinAccuracy is { } a ? $"min_accuracy {a}" : null;
        Assert.Equal(extra, exits ?? floor ?? "");
        // Every model file a shipped spec names loads (zoo:NAME models Verge trained itself are registered by the CLI,
        // not in this test project; `verge run` and `verge plan` tests load those).
        foreach (var model in named.Where(m => !m.StartsWith("zoo:", StringComparison.Ordinal)))
            Assert.NotEmpty(SpecModel.Load(spec with { App = spec.App with { Model = model } }, TestZoo.Zoo).Nodes);
    }

    [Theory]
    [InlineData("5.85Mbps", 5.85e6)]
    [InlineData("100 Mbps", 100e6)]
    [InlineData("1.1Mbit/s", 1.1e6)]
    [InlineData("500kbps", 500e3)]
    [InlineData("1Gbps", 1e9)]
    public void BandwidthParsesCommonForms(string text, double bitsPerSecond) =>
        Assert.Equal(bitsPerSecond, Bandwidth.Parse(text).BitsPerSecond, 3);

    [Theory]
    [InlineData("20ms", 20)]
    [InlineData("1.5s", 1500)]
    [InlineData("250us", 0.25)]
    public void DurationParsesCommonForms(string text, double ms) =>
        Assert.Equal(ms, Duration.Parse(text).TotalMilliseconds, 6);

    [Theory]
    [InlineData("5.85")]
    [InlineData("fast")]
    [InlineData("5 MBps")]
    public void BandwidthRefusesTextWithoutUnit(string text) => Assert.False(Bandwidth.TryParse(text, out _));

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Verge.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Verge.sln not found above the test binaries");
    }
}
