using System.Text.Json;
using Onnx;
using Verge.Learning.Export;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge noisy-train` as a user runs it: the whole model written, its head the clean one, bad cuts and ε refused.</summary>
public sealed class NoisyTrainCliTests
{
    [Fact]
    public async Task The_written_model_keeps_the_clean_head_and_carries_a_noisily_trained_tail()
    {
        using var dir = new TempDir("verge-noisy-");
        var path = dir.File("model.onnx");
        var r = ChildProcess.RunVerge("noisy-train", "--cut-after", "2", "--epsilon", "2000", "--nullification", "0.1", "--owner-images", "256",
            "--test-images", "200", "--epochs", "1", "--fine-tune-epochs", "1", "--out", path, "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(6 * 14 * 14, json.GetProperty("features").GetInt32());
        // The written file through ONNX Runtime with the device's noise scores as the engine did (fresh draws: near, not equal).
        Assert.InRange(json.GetProperty("accuracy_onnx").GetDouble() - json.GetProperty("accuracy_fine_tuned").GetDouble(), -0.05, 0.05);

        // The original: the same options trained here, before any noisy training.
        var split = NoisySplit.Train(await TestData.TrainAsync(0), new NoisyFeatureOptions { CutAfter = 2, OwnerImages = 256, Epochs = 1 });
        Assert.Equal(split.Clip, json.GetProperty("clip_l1").GetDouble(), 3);
        var original = OnnxExporter.Export(split.Model, dynamicBatch: true).Graph.Initializer.ToDictionary(t => t.Name);
        var written = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer.ToDictionary(t => t.Name);
        Assert.Equal(original.Keys.Order(), written.Keys.Order());
        var head = original.Keys.Where(n => LayerIndex(n) <= 2).ToList();
        Assert.NotEmpty(head);
        Assert.All(head, n => Assert.Equal(original[n].RawData, written[n].RawData));
        Assert.Contains(original.Keys.Where(n => LayerIndex(n) > 2), n => !original[n].RawData.Equals(written[n].RawData));
    }

    [Fact]
    public async Task With_train_head_the_written_model_carries_a_new_head_and_scores_through_onnx_runtime_as_trained()
    {
        using var dir = new TempDir("verge-noisy-");
        var path = dir.File("model.onnx");
        var r = ChildProcess.RunVerge("noisy-train", "--cut-after", "2", "--epsilon", "5000", "--nullification", "0", "--owner-images", "256",
            "--test-images", "200", "--epochs", "1", "--fine-tune-epochs", "1", "--train-head", "--out", path, "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.True(json.GetProperty("train_head").GetBoolean());
        Assert.InRange(json.GetProperty("accuracy_onnx").GetDouble() - json.GetProperty("accuracy_fine_tuned").GetDouble(), -0.05, 0.05);

        // Same layout as the clean model (every layer, same names), but the head's weights are new: the device must deploy this file.
        var split = NoisySplit.Train(await TestData.TrainAsync(0), new NoisyFeatureOptions { CutAfter = 2, OwnerImages = 256, Epochs = 1 });
        Assert.Equal(split.Clip, json.GetProperty("clip_l1").GetDouble(), 3);
        var original = OnnxExporter.Export(split.Model, dynamicBatch: true).Graph.Initializer.ToDictionary(t => t.Name);
        var written = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer.ToDictionary(t => t.Name);
        Assert.Equal(original.Keys.Order(), written.Keys.Order());
        Assert.All(original.Keys, n => Assert.Equal(original[n].Dims, written[n].Dims));
        Assert.Contains(original.Keys.Where(n => LayerIndex(n) <= 2), n => !original[n].RawData.Equals(written[n].RawData));
    }

    [Theory]
    [InlineData("verge: cut after layer 11 is outside lenet5's 12 layers; give 0..10", "--cut-after", "11", "--epsilon", "100")]
    [InlineData("verge: --epsilon 0 is out of range; give 0.001 to 1000000 (see 'verge noisy-train --help')", "--epsilon", "0")]
    [InlineData("verge: --adversary-weight trains the head against a decoder; add --train-head", "--epsilon", "100", "--adversary-weight", "1")]
    [InlineData("verge: --adversary-weight -1 is out of range; give 0 to 1000 (see 'verge noisy-train --help')", "--epsilon", "100", "--adversary-weight", "-1")]
    public void A_cut_or_epsilon_out_of_range_is_one_line_exit_two(string line, params string[] args) =>
        CliErrors.AssertOneLine(ChildProcess.RunVerge(["noisy-train", .. args, "--owner-images", "16", "--out", "unused.onnx"]), 2, line);

    /// <summary>"body.3.weight" → 3: the initializers are named by the body layer they belong to.</summary>
    private static int LayerIndex(string name) => int.Parse(name.Split('.')[1]);
}
