using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Privacy;

/// <summary>The spec knob <c>app.privacy.features</c>: read when in range, refused in one line naming its field otherwise.</summary>
public sealed class FeaturePrivacySpecTests
{
    private static string Spec(string privacy) => $$"""
        app: { model: zoo:lenet5, privacy: { features: { {{privacy}} } } }
        nodes:
          - { name: phone, tier: device }
          - { name: edge,  tier: edge }
        links:
          - { from: phone, to: edge, bandwidth: 5.85Mbps, rtt: 20ms }
        """;

    [Fact]
    public void Epsilon_and_nullification_are_read()
    {
        var spec = DeploymentSpec.Parse(Spec("epsilon: 500, nullification: 0.1"), "spec.yaml");
        Assert.Equal(new FeaturePrivacySpec(500, 0.1), spec.App.FeaturePrivacy);
        Assert.Equal(0, DeploymentSpec.Parse(Spec("epsilon: 2"), "spec.yaml").App.FeaturePrivacy!.Nullification);
        Assert.Null(DeploymentSpec.Parse(Spec("epsilon: 2").Replace(", privacy: { features: { epsilon: 2 } }", ""), "spec.yaml").App.FeaturePrivacy);
    }

    [Theory]
    [InlineData("epsilon: 0", "app.privacy.features.epsilon: 0")]
    [InlineData("epsilon: 1e9", "app.privacy.features.epsilon: 1e9 is out of range")]
    [InlineData("epsilon: .nan", "app.privacy.features.epsilon: '.nan' is not a number")]
    [InlineData("epsilon: 1, nullification: 0.99", "app.privacy.features.nullification: 0.99 is out of range")]
    [InlineData("epsilon: 1, nullification: -0.1", "app.privacy.features.nullification: -0.1 is out of range")]
    [InlineData("nullification: 0.1", "app.privacy.features")]
    [InlineData("epsilon: 1, sigma: 2", "sigma")]
    public void Bad_knobs_are_input_errors_naming_the_field(string privacy, string expected)
    {
        var e = Assert.Throws<InputException>(() => DeploymentSpec.Parse(Spec(privacy), "spec.yaml"));
        Assert.StartsWith("spec.yaml: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Clip_is_read_when_given()
    {
        Assert.Equal(12.5, DeploymentSpec.Parse(Spec("epsilon: 2, clip: 12.5"), "spec.yaml").App.FeaturePrivacy!.Clip);
        Assert.Null(DeploymentSpec.Parse(Spec("epsilon: 2"), "spec.yaml").App.FeaturePrivacy!.Clip);
        Assert.Contains("app.privacy.features.clip", Assert.Throws<InputException>(() => DeploymentSpec.Parse(Spec("epsilon: 2, clip: 0"), "spec.yaml")).Message);
    }

    [Fact]
    public void Verge_run_refuses_a_bad_epsilon_in_one_line_with_exit_3()
    {
        var path = Path.Combine(Path.GetTempPath(), $"verge-privacy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Spec("epsilon: -1"));
        try
        {
            var r = ChildProcess.RunVerge("run", path, "--frames", "1");
            Assert.Equal(3, r.ExitCode);
            var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("app.privacy.features.epsilon", line);
        }
        finally { File.Delete(path); }
    }
}
