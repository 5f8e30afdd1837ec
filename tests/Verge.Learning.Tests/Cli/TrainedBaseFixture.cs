using System.Text.Json;

namespace Verge.Learning.Tests.Cli;

/// <summary>One LeNet-5 trained by `verge train` (2 epochs on 4000 images), shared by the tests that start from it.</summary>
public sealed class TrainedBaseFixture : IDisposable
{
    public const string Limit = "4000";

    private readonly TempDir _dir = new("verge-train-base-");

    public TrainedBaseFixture()
    {
        try
        {
            var r = ChildProcess.RunVerge("train", "--model", "lenet5", "--epochs", "2", "--limit", Limit, "--threads", "1", "--out", Path.Combine(Directory, "base"),
                "--json", "-");
            if (r.ExitCode != 0) throw new InvalidOperationException($"verge train failed: {r.Stderr}");
            using var doc = JsonDocument.Parse(r.Stdout);
            Accuracy = doc.RootElement.GetProperty("final_test_acc").GetDouble();
        }
        catch
        {
            // xunit does not dispose a fixture whose constructor threw.
            _dir.Dispose();
            throw;
        }
    }

    public string Directory => _dir.Path;

    public string Checkpoint => Path.Combine(Directory, "base", "checkpoint.bin");

    public string Onnx => Path.Combine(Directory, "base", "model.onnx");

    /// <summary>Its accuracy on the first <see cref="Limit"/> test images.</summary>
    public double Accuracy { get; }

    public void Dispose() => _dir.Dispose();
}
