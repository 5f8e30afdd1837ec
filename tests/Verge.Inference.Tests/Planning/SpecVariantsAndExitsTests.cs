using Verge.Core.Errors;
using Verge.Core.Spec;

namespace Verge.Inference.Tests.Planning;

/// <summary>The spec fields for model variants (<c>app.variants</c>, <c>slo.min_accuracy</c>) and tiered exits (<c>app.exits</c>).</summary>
public sealed class SpecVariantsAndExitsTests
{
    private const string Nodes = """
        nodes:
          - { name: phone, tier: device }
          - { name: edge,  tier: edge }
        links:
          - { from: phone, to: edge, bandwidth: 10Mbps, rtt: 10ms }
        """;

    private static DeploymentSpec Parse(string app) => DeploymentSpec.Parse(app + "\n" + Nodes, "spec.yaml");

    [Fact]
    public void VariantsAndMinAccuracyAreRead()
    {
        var spec = Parse("""
            app:
              variants:
                - { name: fp32, model: zoo:cnn-small, accuracy: 0.9 }
                - { name: small, model: zoo:lenet5 }
              slo: { latency_ms: 20, min_accuracy: 0.85 }
            """);

        Assert.Equal("zoo:cnn-small", spec.App.Model);
        Assert.Equal(0.85, spec.App.SloMinAccuracy);
        Assert.Equal([new VariantSpec("fp32", "zoo:cnn-small", 0.9), new VariantSpec("small", "zoo:lenet5", null)], spec.App.Variants);
    }

    [Fact]
    public void ExitsAreRead()
    {
        var spec = Parse("app: { model: zoo:branchy-lenet5, exits: { thresholds: [0.2, inf] } }");
        Assert.Equal([0.2, double.PositiveInfinity], spec.App.Exits!.Thresholds!);
        Assert.Equal("entropy", spec.App.Exits.Measure);

        spec = Parse("app: { model: zoo:branchy-lenet5, exits: { target_accuracy: 0.85, measure: max_softmax } }");
        Assert.Equal(0.85, spec.App.Exits!.TargetAccuracy);
        Assert.Equal("max_softmax", spec.App.Exits.Measure);
    }

    [Theory]
    [InlineData("app: { model: m.onnx, variants: [] }", "spec.yaml: app.variants: is empty")]
    [InlineData("app: { variants: [{ name: a }] }", "spec.yaml: app.variants[0].model: is missing")]
    [InlineData("app: { variants: [{ name: a, model: m.onnx, accuracy: 90 }] }", "spec.yaml: app.variants[0].accuracy: 90 is not an accuracy")]
    [InlineData("app: { variants: [{ name: a, model: m.onnx }, { name: a, model: n.onnx }] }", "spec.yaml: app.variants[1].name: duplicate variant name 'a'")]
    [InlineData("app: { variants: [{ name: a, model: m.onnx, bits: 8 }] }", "spec.yaml: app.variants[0].bits: unknown key")]
    [InlineData("app: { model: m.onnx, slo: { min_accuracy: 1.5 } }", "spec.yaml: app.slo.min_accuracy: 1.5 is not an accuracy")]
    [InlineData("app: { model: m.onnx, exits: { } }", "spec.yaml: app.exits: give exactly one of thresholds")]
    [InlineData("app: { model: m.onnx, exits: { thresholds: [0.2], target_accuracy: 0.9 } }", "spec.yaml: app.exits: give exactly one of thresholds")]
    [InlineData("app: { model: m.onnx, exits: { thresholds: [] } }", "spec.yaml: app.exits.thresholds: is empty")]
    [InlineData("app: { model: m.onnx, exits: { thresholds: [0.2, -1] } }", "spec.yaml: app.exits.thresholds[1]: -1 must not be negative")]
    [InlineData("app: { model: m.onnx, exits: { thresholds: [0.2, high] } }", "spec.yaml: app.exits.thresholds[1]: 'high' is not a number")]
    [InlineData("app: { model: m.onnx, exits: { target_accuracy: 0.9, measure: margin } }", "spec.yaml: app.exits.measure: unknown measure 'margin'")]
    [InlineData("app: { model: m.onnx, exits: { target_accuracy: 0.9 }, variants: [{ name: a, model: m.onnx }] }", "spec.yaml: app.exits: cannot be combined with app.variants")]
    public void InvalidFieldsAreNamed(string app, string expected)
    {
        var e = Assert.Throws<InputException>(() => Parse(app));
        Assert.StartsWith(expected, e.Message);
        Assert.Equal(ExitCodes.Input, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
    }
}
