using Microsoft.Extensions.Time.Testing;
using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Repository;
using Verge.Inference.Tests.Planning;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Serving;

/// <summary>The example repository's configs, with the zoo's trained Fashion-MNIST models put in as <c>examples/models/populate</c> does.</summary>
public sealed class ExampleRepositoryTests
{
    [Theory]
    [InlineData("lenet5")]
    [InlineData("mobilenet-tiny")]
    public async Task Serves_the_example_models_with_outputs_equal_to_onnx_runtime(string name)
    {
        using var dir = new TempDir();
        var modelDir = Directory.CreateDirectory(Path.Combine(dir.Path, name, "1")).FullName;
        File.Copy(Path.Combine(DeploymentSpecTests.RepoRoot(), "examples", "models", name, "config.yaml"), Path.Combine(dir.Path, name, "config.yaml"));
        var onnx = Path.Combine(AppContext.BaseDirectory, "zoo", name + ".onnx");
        File.Copy(onnx, Path.Combine(modelDir, "model.onnx"));

        await using var server = await InferenceServer.StartAsync(dir.Path, new InferenceServerOptions { Time = new FakeTimeProvider() });
        var status = Assert.Single(server.Models());
        Assert.Equal(ModelState.Ready, status.State);
        var model = server.Model(name);
        Assert.Equal(model.Inputs[0].Shape[0] < 0, model.Batched);      // Verge's exports say which: today a static batch of 1

        var pixels = new float[28 * 28];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (i * 37 % 255) / 255f;
        var x = NamedTensor.FromFloats(model.Inputs[0].Name, [1, 1, 28, 28], pixels);
        var result = await server.InferAsync(name, null, [x], new InferenceOptions { Priority = 0 });

        using var session = new InferenceSession(onnx);
        using var value = OrtValue.CreateTensorValueFromMemory(pixels, [1, 1, 28, 28]);
        using var runOptions = new RunOptions();
        using var expected = session.Run(runOptions, [model.Inputs[0].Name], [value], [model.Outputs[0].Name]);
        Assert.Equal(expected[0].GetTensorDataAsSpan<float>().ToArray(), result.Outputs[0].ToFloats());
        Assert.Equal([1L, 10], result.Outputs[0].Shape);
    }
}
