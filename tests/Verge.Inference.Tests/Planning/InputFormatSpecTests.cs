using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.Planning;

/// <summary>The spec field <c>app.input_format</c>: a camera's 8-bit image input, declared, and the errors a user can cause.</summary>
public sealed class InputFormatSpecTests
{
    private const string Helpers = """
        nodes:
          - { name: camera, tier: device }
          - { name: b1, tier: device, helper: true }
          - { name: b2, tier: device, helper: true }
        links:
          - { from: camera, to: b1, bandwidth: 100Mbps, rtt: 2ms }
          - { from: camera, to: b2, bandwidth: 100Mbps, rtt: 2ms }
        """;

    private static DeploymentSpec Parse(string app, string nodes = Helpers) => DeploymentSpec.Parse(app + "\n" + nodes, "spec.yaml");

    [Fact]
    public void APresetOrAMeanAndStdPerChannelIsRead()
    {
        Assert.Null(Parse("app: { model: zoo:resnet-tiny }").App.U8Input);
        var preset = Parse("app: { model: zoo:resnet18-tv, input_format: { format: u8, preset: imagenet } }").App.U8Input!;
        Assert.Equal(ImageNormalization.ImageNet.Mean, ImageNormalization.From(preset).Mean);
        Assert.Equal(ImageNormalization.ImageNet.Std, ImageNormalization.From(preset).Std);
        var given = Parse("app: { model: zoo:resnet-tiny, input_format: { format: u8, mean: [0.286], std: [0.353] } }").App.U8Input!;
        Assert.Equal([0.286f], given.Mean);
        Assert.Equal([0.353f], given.Std);
    }

    [Theory]
    [InlineData("{ format: f16, preset: imagenet }", "app.input_format.format")]
    [InlineData("{ format: u8, preset: coco }", "app.input_format.preset")]
    [InlineData("{ format: u8, mean: [0.5, 0.5], std: [0.2] }", "app.input_format: has 2 means and 1 stds")]
    [InlineData("{ format: u8, mean: [0.5], std: [0] }", "app.input_format.std[0]")]
    [InlineData("{ format: u8 }", "app.input_format")]
    public void ABadDeclarationIsRefusedNamingItsField(string format, string field)
    {
        var error = Assert.Throws<InputException>(() => Parse($"app: {{ model: zoo:resnet18-tv, input_format: {format} }}"));
        Assert.Contains(field, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ASpecWithoutHelpersOrWithFloatImagesCannotDeclareIt()
    {
        const string NoHelpers = """
            nodes:
              - { name: phone, tier: device }
              - { name: edge,  tier: edge }
            links:
              - { from: phone, to: edge, bandwidth: 10Mbps, rtt: 10ms }
            """;
        Assert.Contains("helper: true", Assert.Throws<InputException>(() => Parse("app: { model: zoo:resnet18-tv, input_format: { format: u8, preset: imagenet } }", NoHelpers)).Message);
        Assert.Contains("float images", Assert.Throws<InputException>(() => Parse("app: { model: zoo:lenet5, input: fashion-mnist:test, input_format: { format: u8, mean: [0.5], std: [0.5] } }")).Message);
    }
}
