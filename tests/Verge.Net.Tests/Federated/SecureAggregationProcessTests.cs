using System.Text.RegularExpressions;

namespace Verge.Net.Tests.Federated;

/// <summary>
/// Secure aggregation over real gRPC between real processes: four clients mask their updates, one is killed after
/// sharing its keys, and the server removes its masks with the others' shares and completes the round.
/// </summary>
public sealed partial class SecureAggregationProcessTests
{
    [Fact]
    public async Task AClientKilledAfterSharingKeysIsRecoveredAndTheRoundCompletes()
    {
        // cnn-small trains for seconds a round, so the kill lands while client 3 fits (after its keys are shared, before its update).
        using var server = ChildProcess.StartVerge("fl", "server", "--listen", "http://127.0.0.1:0", "--rounds", "2", "--min-clients", "4", "--model", "cnn-small",
            "--codec", "q8", "--local-steps", "15", "--batch", "32", "--round-timeout", "20", "--test-limit", "200", "--secure-aggregation");
        var url = ListeningOn().Match(await server.WaitForStdoutAsync("listening on")).Groups[1].Value;
        ChildProcess Client(int id) => ChildProcess.StartVerge("fl", "client", "--server", url, "--client-id", $"{id}", "--clients", "4", "--limit", "800", "--secure-aggregation");
        using var c0 = Client(0);
        using var c1 = Client(1);
        using var c2 = Client(2);
        using var c3 = Client(3);

        var first = await server.WaitForStdoutAsync("round 1/2 complete");
        Assert.Contains("4 of 4 updates", first);
        // Client 3 goes away while it trains round 2: it has already shared its keys for that round.
        await c3.WaitForStdoutAsync("round 2 fitting");
        await c3.KillAsync();
        var recovered = await server.WaitForStdoutAsync("secure aggregation recovered");
        Assert.Contains("round 2: secure aggregation recovered the masks of clients 3", recovered);
        var second = await server.WaitForStdoutAsync("round 2/2 complete");
        Assert.Contains("3 of 4 updates (dropped clients 3)", second);
        Assert.Matches(@"test accuracy \d+\.\d+ %", second);
        foreach (var c in new[] { c0, c1, c2 })
        {
            Assert.Equal(0, (await c.ExitAsync()).ExitCode);
            Assert.Contains(c.Lines, l => l.Contains("done, 2 updates accepted"));
        }
    }

    [Fact]
    public async Task AClientThatSendsOnlyMaskedUpdatesRefusesAPlainServer()
    {
        using var server = ChildProcess.StartVerge("fl", "server", "--listen", "http://127.0.0.1:0", "--rounds", "1", "--min-clients", "1", "--model", "mlp",
            "--local-steps", "1", "--test-limit", "-1");
        var url = ListeningOn().Match(await server.WaitForStdoutAsync("listening on")).Groups[1].Value;
        var r = await RunClientAsync(url);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal($"verge: server {url} asks for a plain update in round 1; this client sends only masked ones (--secure-aggregation): " +
                     "start the server with --secure-aggregation", r.Stderr.Trim());
    }

    private static Task<ChildResult> RunClientAsync(string url) =>
        ChildProcess.RunVergeAsync("fl", "client", "--server", url, "--client-id", "0", "--clients", "1", "--limit", "200", "--secure-aggregation");

    [GeneratedRegex(@"listening on (http://\S+?)(,|$)")]
    private static partial Regex ListeningOn();
}
