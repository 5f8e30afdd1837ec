namespace Verge.Net.Tests.Federated;

/// <summary>
/// Issue 17: with a client killed, a federated server must never stall silently. Real `verge fl server` and
/// `verge fl client` processes: the round the client vanishes in closes at its deadline and says so, the next one
/// says it lacks its quorum, and after --quorum-wait the server stops with the reason and exit code 3.
/// </summary>
public sealed class FederatedQuorumProcessTests
{
    [Fact]
    public async Task ARoundWithoutQuorumSaysSoAndTheServerStopsWithTheReason()
    {
        using var server = ChildProcess.StartVerge("fl", "server", "--listen", "http://127.0.0.1:0", "--strategy", "fedavg", "--rounds", "50",
            "--min-clients", "2", "--model", "mlp", "--local-steps", "2", "--batch", "16", "--round-timeout", "5", "--quorum-wait", "5",
            "--test-limit", "-1");
        var url = (await server.WaitForStdoutAsync("listening on")).Split("listening on ")[1].Split(',')[0].Trim();
        ChildProcess Client(int id) => ChildProcess.StartVerge("fl", "client", "--server", url, "--client-id", $"{id}", "--clients", "2", "--alpha", "1",
            "--limit", "400", "--patience", "5");
        using var c0 = Client(0);
        using var c1 = Client(1);
        await c1.WaitForStdoutAsync("round 2 fitting");
        await c1.KillAsync();

        // Events, not timings: the guard timeouts only keep a broken server from hanging the test run.
        await server.WaitForStdoutAsync(l => l.Contains("lacks its quorum", StringComparison.Ordinal) && l.Contains("client 1", StringComparison.Ordinal),
            "a line saying the round lacks its quorum without client 1", seconds: 120);
        var stop = await server.WaitForStdoutAsync("federation stopped:", seconds: 120);
        Assert.Contains("cannot start", stop);
        Assert.Contains("--min-clients", stop);
        Assert.Equal(3, (await server.ExitAsync()).ExitCode);
        Assert.DoesNotContain(server.Lines, l => l.Contains("federation done", StringComparison.Ordinal));
    }
}
