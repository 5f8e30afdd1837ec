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

        var clock = new FakeTimeProvider();
        await using var server = await InferenceServer.StartAsync(dir.Path, new InferenceServerOptions { Time = clock });
        var status = Assert.Single(server.Models());
        Assert.Equal(ModelState.Ready, status.State);
        var model = server.Model(name);
        Assert.True(model.Batched, model.BatchingNote);                  // the zoo's exports have a symbolic batch

        var pixels = new float[28 * 28];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (i * 37 % 255) / 255f;
        var x = NamedTensor.FromFloats(model.Inputs[0].Name, [1, 1, 28, 28], pixels);
        var answer = server.InferAsync(name, null, [x], new InferenceOptions { Priority = 0 });
        // With dynamic batching a lone request waits out the queue delay, on a clock that only moves when told.
        while (!answer.IsCompleted && server.Statistics(name).QueueDepth == 0) await Task.Delay(5);
        clock.Advance(TimeSpan.FromMilliseconds(3));
        var result = await answer;

        using var session = new InferenceSession(onnx);
        using var value = OrtValue.CreateTensorValueFromMemory(pixels, [1, 1, 28, 28]);
        using var runOptions = new RunOptions();
        using var expected = session.Run(runOptions, [model.Inputs[0].Name], [value], [model.Outputs[0].Name]);
        Assert.Equal(expected[0].GetTensorDataAsSpan<float>().ToArray(), result.Outputs[0].ToFloats());
        Assert.Equal([1L, 10], result.Outputs[0].Shape);
    }
}
