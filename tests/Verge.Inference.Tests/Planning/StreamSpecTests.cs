using Verge.Core.Errors;
using Verge.Core.Spec;

namespace Verge.Inference.Tests.Planning;

/// <summary>The spec field <c>app.stream</c>: defaults, ranges and the errors a user can cause.</summary>
public sealed class StreamSpecTests
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
    public void A_bare_stream_is_a_static_camera_with_change_detection_calibrated_for_half_a_point()
    {
        var stream = Parse("app: { model: zoo:lenet5, stream: {} }").App.Stream!;
        Assert.Equal(new StreamSpec("static", null, 1, "change", null, StreamSpec.DefaultTargetDrop), stream);
    }

    [Fact]
    public void A_given_threshold_replaces_calibration()
    {
        var stream = Parse("app: { model: zoo:lenet5, stream: { preset: busy, frames: 90, seed: 4, gate: cache, threshold: 0.02 } }").App.Stream!;
        Assert.Equal(new StreamSpec("busy", 90, 4, "cache", 0.02, null), stream);
    }

    [Theory]
    [InlineData("{ preset: rainy }", "app.stream.preset")]
    [InlineData("{ gate: tracker }", "app.stream.gate")]
    [InlineData("{ threshold: 0.1, target_drop: 0.01 }", "app.stream")]
    [InlineData("{ threshold: 2 }", "app.stream.threshold")]
    [InlineData("{ frames: 0 }", "app.stream.frames")]
    [InlineData("{ frames: 2000000 }", "app.stream.frames")]
    [InlineData("{ target_drop: 1.5 }", "app.stream.target_drop")]
    [InlineData("{ fps: 30 }", "app.stream")]
    public void Bad_stream_fields_name_the_field(string stream, string field)
    {
        var e = Assert.Throws<InputException>(() => Parse($"app: {{ model: zoo:lenet5, stream: {stream} }}"));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void A_stream_feeds_its_own_frames()
    {
        var e = Assert.Throws<InputException>(() => Parse("app: { model: zoo:lenet5, input: fashion-mnist:test, stream: {} }"));
        Assert.Contains("drop app.input", e.Message);
    }
}
