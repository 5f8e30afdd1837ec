using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Graph;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Api;
using Verge.Inference.Tests.Planning;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Serving;

/// <summary>
/// The zoo's trained models carry a symbolic batch dimension, so the edge server batches them with the example
/// config; the same weights with the batch fixed at 1 are still served, one request per run, and the status says so.
/// </summary>
public sealed class ZooBatchingTests
{
    private const int Batch = 8;

    private static string Zoo(string name) => Path.Combine(AppContext.BaseDirectory, "zoo", name + ".onnx");

    private static void Put(TempDir dir, string name, byte[] model)
    {
        var modelDir = Directory.CreateDirectory(Path.Combine(dir.Path, name, "1")).FullName;
        File.Copy(Path.Combine(DeploymentSpecTests.RepoRoot(), "examples", "models", "lenet5", "config.yaml"), Path.Combine(dir.Path, name, "config.yaml"));
        File.WriteAllBytes(Path.Combine(modelDir, "model.onnx"), model);
    }

    private static float[] Image(int seed)
    {
        var pixels = new float[28 * 28];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = ((i + 1) * (seed + 7) * 37 % 255) / 255f;
        return pixels;
    }

    /// <summary>What ONNX Runtime gives for one image on the batch-1 form of the model.</summary>
    private static float[] Alone(InferenceSession session, float[] pixels)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(pixels, [1, 1, 28, 28]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [session.InputNames[0]], [value], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static InferenceSession BatchOne(string name)
    {
        var proto = OnnxModelFile.Read(Zoo(name));
        Assert.True(BatchDimension.FixToOne(proto));
        return new InferenceSession(proto.ToByteArray());
    }

    [Theory]
    [InlineData("lenet5")]
    [InlineData("cnn-small")]
    public async Task A_zoo_model_batches_eight_requests_into_one_run_with_each_answer_equal_to_a_run_alone(string name)
    {
        using var dir = new TempDir();
        Put(dir, name, File.ReadAllBytes(Zoo(name)));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await InferenceServer.StartAsync(dir.Path, new InferenceServerOptions { Time = clock });
        var model = server.Model(name);
        Assert.True(model.Batched, model.BatchingNote);
        Assert.Equal("", model.BatchingNote);

        var images = Enumerable.Range(0, Batch).Select(Image).ToArray();
        var answers = images.Select(p => server.InferAsync(name, null, [NamedTensor.FromFloats(model.Inputs[0].Name, [1, 1, 28, 28], p)])).ToArray();
        // The fake clock stands still: the eight wait together until the queue delay (2 ms) is made to pass.
        while (server.Statistics(name).QueueDepth < Batch) await Task.Delay(5);
        clock.Advance(TimeSpan.FromMilliseconds(3));
        var results = await Task.WhenAll(answers);

        using var session = BatchOne(name);
        for (int i = 0; i < Batch; i++)
        {
            Assert.Equal(Alone(session, images[i]), results[i].Outputs[0].ToFloats());
            Assert.Equal(Batch, results[i].BatchSize);
        }
        Assert.Equal(1, server.Statistics(name).RunsByBatchSize()[Batch]);

        // A client's own batch of eight rows: one answer of eight rows, row i equal to image i alone.
        var stacked = NamedTensor.FromFloats(model.Inputs[0].Name, [Batch, 1, 28, 28], images.SelectMany(p => p).ToArray());
        var whole = server.InferAsync(name, null, [stacked]);
        while (!whole.IsCompleted && server.Statistics(name).QueueDepth < 1) await Task.Delay(5);
        clock.Advance(TimeSpan.FromMilliseconds(3));
        var rows = (await whole).Outputs[0];
        Assert.Equal([(long)Batch, 10], rows.Shape);
        Assert.Equal(images.SelectMany(p => Alone(session, p)).ToArray(), rows.ToFloats());
    }

    [Fact]
    public async Task The_same_model_with_its_batch_fixed_at_one_is_served_unbatched_and_says_so()
    {
        using var dir = new TempDir();
        var proto = OnnxModelFile.Read(Zoo("lenet5"));
        BatchDimension.FixToOne(proto);
        Put(dir, "lenet5", proto.ToByteArray());
        await using var server = await InferenceServer.StartAsync(dir.Path, new InferenceServerOptions { Time = new FakeTimeProvider() });

        var model = server.Model("lenet5");
        Assert.False(model.Batched);
        Assert.Contains("fixed batch dimension", model.BatchingNote);
        Assert.Contains("served unbatched", Assert.Single(server.Models()).Message);

        var pixels = Image(3);
        var result = await server.InferAsync("lenet5", null, [NamedTensor.FromFloats(model.Inputs[0].Name, [1, 1, 28, 28], pixels)]);
        using var session = BatchOne("lenet5");
        Assert.Equal(Alone(session, pixels), result.Outputs[0].ToFloats());
        Assert.Equal(1, result.BatchSize);
    }
}
