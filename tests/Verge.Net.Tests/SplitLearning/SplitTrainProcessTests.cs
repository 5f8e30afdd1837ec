using System.Text.Json;

namespace Verge.Net.Tests.SplitLearning;

/// <summary>
/// Issue 13 item 3 between real processes: `verge split-train edge` and `verge split-train device` over gRPC, the
/// device sending Laplace-noised activations and training its head on the gradients that come back; an edge that
/// dies mid-training ends the device with one line and exit 3.
/// </summary>
public sealed class SplitTrainProcessTests
{
    [Fact]
    public async Task Device_and_edge_processes_train_a_split_model_with_noised_activations()
    {
        using var edge = await StartEdgeAsync();
        var device = await ChildProcess.RunVergeAsync(300, "split-train", "device", "--edge", edge.Url, "--epsilon", "20000", "--train-images", "256",
            "--test-images", "64", "--epochs", "1", "--json", "-");
        Assert.True(device.ExitCode == 0, device.Stderr);
        using var doc = JsonDocument.Parse(device.Stdout);
        Assert.Equal(20000, doc.RootElement.GetProperty("epsilon").GetDouble());
        Assert.True(doc.RootElement.GetProperty("laplace_scale").GetDouble() > 0);
        Assert.Equal(6 * 14 * 14, doc.RootElement.GetProperty("features").GetInt32());
        Assert.InRange(doc.RootElement.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.True(double.IsFinite(doc.RootElement.GetProperty("final_loss").GetDouble()));
    }

    [Fact]
    public async Task An_edge_that_dies_mid_training_is_one_line_and_exit_3()
    {
        using var edge = await StartEdgeAsync();
        using var device = ChildProcess.StartVerge("split-train", "device", "--edge", edge.Url, "--epsilon", "1000", "--train-images", "20000", "--epochs", "50");
        // The device's first line comes after the edge configured its tail: training is under way when the edge dies.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var first = await device.ReadLineAsync(guard.Token);
        Assert.Contains("split learning of lenet5", first);
        edge.Kill();
        var (exitCode, _, stderr) = await device.ExitAsync();
        Assert.Equal(3, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("split-learning edge at", line);
    }

    private static Task<ChildProcess> StartEdgeAsync() =>
        ChildProcess.StartServerAsync("verge split-train: edge listening on ", ["split-train", "edge", "--listen", "http://127.0.0.1:0"]);
}
