using System.Diagnostics;
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
        var (edge, url) = await StartEdgeAsync();
        try
        {
            using var device = ServeProcess.Launch("split-train", "device", "--edge", url, "--epsilon", "20000", "--train-images", "256",
                "--test-images", "64", "--epochs", "1", "--json", "-");
            var stdout = device.StandardOutput.ReadToEndAsync();
            var stderr = device.StandardError.ReadToEndAsync();
            await device.WaitForExitAsync();
            Assert.True(device.ExitCode == 0, await stderr);
            using var doc = JsonDocument.Parse(await stdout);
            Assert.Equal(20000, doc.RootElement.GetProperty("epsilon").GetDouble());
            Assert.True(doc.RootElement.GetProperty("laplace_scale").GetDouble() > 0);
            Assert.Equal(6 * 14 * 14, doc.RootElement.GetProperty("features").GetInt32());
            Assert.InRange(doc.RootElement.GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.True(double.IsFinite(doc.RootElement.GetProperty("final_loss").GetDouble()));
        }
        finally { Reap(edge); }
    }

    [Fact]
    public async Task An_edge_that_dies_mid_training_is_one_line_and_exit_3()
    {
        var (edge, url) = await StartEdgeAsync();
        using var device = ServeProcess.Launch("split-train", "device", "--edge", url, "--epsilon", "1000", "--train-images", "20000", "--epochs", "50");
        try
        {
            // The device's first line comes after the edge configured its tail: training is under way when the edge dies.
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var first = await device.StandardOutput.ReadLineAsync(guard.Token);
            Assert.Contains("split learning of lenet5", first);
            Reap(edge);
            var stderr = await device.StandardError.ReadToEndAsync(guard.Token);
            await device.WaitForExitAsync(guard.Token);
            Assert.Equal(3, device.ExitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("split-learning edge at", line);
        }
        finally
        {
            Reap(edge);
            if (!device.HasExited) { device.Kill(entireProcessTree: true); await device.WaitForExitAsync(); }
        }
    }

    private static async Task<(Process Edge, string Url)> StartEdgeAsync()
    {
        var edge = ServeProcess.Launch("split-train", "edge", "--listen", "http://127.0.0.1:0");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await edge.StandardOutput.ReadLineAsync(guard.Token);
        const string prefix = "verge split-train: edge listening on ";
        Assert.StartsWith(prefix, line);
        return (edge, line![prefix.Length..]);
    }

    private static void Reap(Process process)
    {
        try
        {
            if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(); }
        }
        catch (InvalidOperationException) { } // already reaped
    }
}
