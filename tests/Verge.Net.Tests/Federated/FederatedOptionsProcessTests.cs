using System.Globalization;
using System.Text.RegularExpressions;

namespace Verge.Net.Tests.Federated;

/// <summary>
/// `verge fl server` and `verge fl client` as real processes over gRPC: a restarted server carries on from the weights
/// in its checkpoint, and strategies and options beyond plain FedAvg (sync SGD with a backup worker, 8-bit updates,
/// a fraction of clients per round) do what they say.
/// </summary>
public sealed partial class FederatedOptionsProcessTests : IDisposable
{
    // The MLP (784-250-… -10) has 199 210 parameters; an fp32 update is their 4 bytes each plus framing.
    private const long MlpParameters = 199_210;

    private readonly string _dir = Directory.CreateTempSubdirectory("verge-fl-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record Round(int Number, int Updates, int Asked, double Accuracy, long UplinkBytes);

    private static async Task<List<Round>> FederateAsync(int clients, string[] serverArgs)
    {
        using var server = ChildProcess.StartVerge(["fl", "server", "--listen", "http://127.0.0.1:0", "--model", "mlp", "--local-steps", "5", "--batch", "16",
            "--test-limit", "1000", "--round-timeout", "120", .. serverArgs]);
        var url = Url().Match(await server.WaitForStdoutAsync("listening on")).Value;
        var fleet = Enumerable.Range(0, clients).Select(id => ChildProcess.StartVerge("fl", "client", "--server", url, "--client-id", $"{id}", "--clients",
            $"{clients}", "--alpha", "1", "--limit", "800", "--patience", "60")).ToList();
        try
        {
            Assert.Equal(0, (await server.ExitAsync(180)).ExitCode);
            foreach (var client in fleet) Assert.Equal(0, (await client.ExitAsync()).ExitCode);
        }
        finally
        {
            foreach (var client in fleet) client.Dispose();
        }
        Assert.Contains(server.Lines, l => l.Contains("federation done", StringComparison.Ordinal));
        return server.Lines.Select(l => RoundLine().Match(l)).Where(m => m.Success).Select(m => new Round(
            int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) / 100,
            long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture))).ToList();
    }

    [Fact]
    public async Task ARestartedServerCarriesOnFromTheCheckpointsWeights()
    {
        var checkpoint = Path.Combine(_dir, "ckpt");
        var first = await FederateAsync(2, ["--strategy", "fedavg", "--rounds", "2", "--min-clients", "2", "--lr", "0.1", "--checkpoint", checkpoint]);
        Assert.Equal([1, 2], first.Select(r => r.Number));
        Assert.True(first[^1].Accuracy > 0.3, $"two rounds should learn well past chance (10 %): {first[^1].Accuracy:P1}");

        // With a learning rate of 0 the clients send back the weights they got, so round 3 evaluates exactly the
        // weights the server reloaded: the checkpoint's, not a fresh model's (~10 %).
        var second = await FederateAsync(2, ["--strategy", "fedavg", "--rounds", "3", "--min-clients", "2", "--lr", "0", "--checkpoint", checkpoint]);
        Assert.Equal([3], second.Select(r => r.Number));
        Assert.Equal(first[^1].Accuracy, second[0].Accuracy, 9);
    }

    [Fact]
    public async Task SyncSgdWithABackupWorkerAggregatesTheFirstTwoOfThreeEightBitUpdates()
    {
        var rounds = await FederateAsync(3, ["--strategy", "sync-sgd", "--backup", "1", "--codec", "q8", "--rounds", "2", "--min-clients", "3",
            "--lr", "0.1"]);

        Assert.Equal([1, 2], rounds.Select(r => r.Number));
        Assert.All(rounds, r => Assert.Equal((2, 3), (r.Updates, r.Asked)));
        // q8: one byte per parameter plus a little framing, a quarter of fp32.
        Assert.All(rounds, r => Assert.InRange(r.UplinkBytes, 2 * MlpParameters, 2 * MlpParameters * 4 / 3.9));
        Assert.True(rounds[^1].Accuracy > 0.3, $"{rounds[^1].Accuracy:P1}");
    }

    [Fact]
    public async Task FedAvgWithAFractionAsksHalfTheClientsEachRound()
    {
        var rounds = await FederateAsync(4, ["--strategy", "fedavg", "--fraction", "0.5", "--rounds", "2", "--min-clients", "4", "--lr", "0.1"]);

        Assert.Equal([1, 2], rounds.Select(r => r.Number));
        Assert.All(rounds, r => Assert.Equal((2, 2), (r.Updates, r.Asked)));
        Assert.All(rounds, r => Assert.InRange(r.UplinkBytes, 2 * 4 * MlpParameters, 2 * 4 * MlpParameters * 1.01));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Url();

    [GeneratedRegex(@"round (\d+)/\d+ complete: (\d+) of (\d+) updates.*test accuracy ([\d.]+) %, uplink (\d+) B")]
    private static partial Regex RoundLine();
}
