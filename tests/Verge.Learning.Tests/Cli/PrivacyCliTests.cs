using System.Text.Json;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge privacy epsilon` and `verge train --dp` as a user runs them.</summary>
public sealed class PrivacyCliTests
{
    [Fact]
    public void EpsilonReportsBothConversions()
    {
        var r = ChildProcess.RunVerge("privacy", "epsilon", "--sample-rate", "0.0025", "--noise", "1.3", "--steps", "6000", "--delta", "1e-5", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        // TF-Privacy's compute_dp_sgd_privacy_test: 60000 examples, batch 150, σ 1.3, 15 epochs, δ 1e-5.
        Assert.Equal(0.7242234026109595, json.GetProperty("epsilon").GetDouble(), 1e-6);
        Assert.Equal(19, json.GetProperty("order").GetDouble());
        Assert.True(json.GetProperty("epsilon_classic").GetDouble() > json.GetProperty("epsilon").GetDouble());
    }

    [Fact]
    public void TargetEpsilonFindsTheNoise()
    {
        var r = ChildProcess.RunVerge("privacy", "epsilon", "--sample-rate", "0.0025", "--target-epsilon", "0.7242234026109595", "--steps", "6000", "--delta", "1e-5", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(1.3, JsonDocument.Parse(r.Stdout).RootElement.GetProperty("noise").GetDouble(), 1e-3);
    }

    [Theory]
    [InlineData("verge: --sample-rate must lie in (0, 1]; e.g. batch 256 of 60000 examples is 0.004267", "privacy", "epsilon", "--sample-rate", "0", "--noise", "1", "--steps", "10", "--delta", "1e-5")]
    [InlineData("verge: give exactly one of --noise SIGMA and --target-epsilon E", "privacy", "epsilon", "--sample-rate", "0.1", "--steps", "10", "--delta", "1e-5")]
    [InlineData("verge: --delta must lie in (0, 1); e.g. 1e-5, below 1/examples", "privacy", "epsilon", "--sample-rate", "0.1", "--noise", "1", "--steps", "10", "--delta", "1")]
    [InlineData("verge: --dp needs --target-epsilon E (e.g. 3)", "train", "--model", "mlp", "--dp", "--out", "unused")]
    [InlineData("verge: --dp-seed goes with --dp (e.g. verge train --dp --target-epsilon 3 …)", "train", "--model", "mlp", "--dp-seed", "1", "--out", "unused")]
    [InlineData("verge: --clip goes with --dp (e.g. verge train --dp --target-epsilon 3 …)", "train", "--model", "mlp", "--clip", "1", "--out", "unused")]
    [InlineData("verge: --dp trains a zoo model from scratch; it does not combine with --from, --prune, --teacher or branchy models", "train", "--model", "mlp", "--dp", "--target-epsilon", "3", "--teacher", "t.onnx", "--out", "unused")]
    public void BadFlagsAreOneLineExitTwo(string line, params string[] args) => CliErrors.AssertOneLine(ChildProcess.RunVerge(args), 2, line);

    [Fact]
    public void TrainRefusesBatchNormUnderDp() =>
        CliErrors.AssertOneLine(ChildProcess.RunVerge("train", "--model", "resnet-tiny", "--dp", "--target-epsilon", "3", "--limit", "100", "--out", "unused"), 2,
            "verge: layer 'body.1' is batch norm, which mixes the examples of a batch and has no per-example gradient under DP-SGD; " +
            "use a model with group norm or none (dp-cnn-gn, dp-cnn, cnn-small, lenet5, mlp)");

    [Fact]
    public void TrainWithDpWritesThePrivacyBlock()
    {
        using var tmp = new TempDir("verge-dp-");
        var dir = tmp.Path;
        var r = ChildProcess.RunVerge("train", "--model", "mlp-small", "--dp", "--target-epsilon", "5", "--delta", "1e-4", "--clip", "1", "--epochs", "2",
            "--batch", "100", "--optimizer", "sgd", "--lr", "0.5", "--limit", "1000", "--threads", "1", "--out", dir, "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        var privacy = json.GetProperty("privacy");
        Assert.Equal("dp-sgd", json.GetProperty("technique").GetString());
        Assert.InRange(privacy.GetProperty("epsilon").GetDouble(), 4.99, 5.0);
        Assert.Equal(20, privacy.GetProperty("steps").GetInt64());
        Assert.Equal(0.1, privacy.GetProperty("sample_rate").GetDouble(), 12);
        Assert.Contains("epoch 2/2:", r.Stderr);
        Assert.Contains("ε 5.000", r.Stderr);
        Assert.True(File.Exists(Path.Combine(dir, "model.onnx")));
    }

    [Fact]
    public void TheSameDpSeedRepeatsTheRunExactly()
    {
        string[] Run(string seed)
        {
            using var tmp = new TempDir("verge-dp-seed-");
            var dir = tmp.Path;
            var r = ChildProcess.RunVerge("train", "--model", "mlp-small", "--dp", "--target-epsilon", "5", "--delta", "1e-4", "--clip", "1", "--epochs", "1",
                "--batch", "100", "--optimizer", "sgd", "--lr", "0.5", "--limit", "600", "--threads", "1", "--dp-seed", seed, "--out", dir, "--json", "-");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var json = JsonDocument.Parse(r.Stdout).RootElement;
            Assert.Equal(int.Parse(seed), json.GetProperty("privacy").GetProperty("noise_seed").GetInt32());
            var epoch = json.GetProperty("epochs")[0];
            return [epoch.GetProperty("train_loss").GetRawText(), epoch.GetProperty("test_acc").GetRawText(), Convert.ToHexString(File.ReadAllBytes(Path.Combine(dir, "checkpoint.bin")))];
        }

        var first = Run("7");
        Assert.Equal(first, Run("7"));
        Assert.NotEqual(first[2], Run("8")[2]); // the seed reaches the noise: another seed, other weights
    }
}
