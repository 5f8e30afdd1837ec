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
    public void Verge_run_refuses_the_knob_it_does_not_apply_yet_rather_than_ignoring_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"verge-privacy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Spec("epsilon: 500"));
        try
        {
            var r = VergeProcess.Run("run", path, "--frames", "1");
            Assert.Equal(3, r.ExitCode);
            var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("app.privacy.features is not applied by verge run yet", line);
        }
        finally { File.Delete(path); }
    }
}
