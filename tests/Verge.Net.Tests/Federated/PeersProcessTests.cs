namespace Verge.Net.Tests.Federated;

/// <summary>
/// Issue 18 item 5 with real processes over gRPC: staleness-aware sparsified asynchronous SGD (`verge fl server
/// --strategy async-sgd`, `verge fl client`) and gossip between `verge fl peer` processes. In each, one process is
/// killed mid-run and the others finish: nobody waits for the dead.
/// </summary>
public sealed class PeersProcessTests
{
    [Fact]
    public async Task AsyncSgdFinishesWithoutAClientKilledMidRun()
    {
        using var server = ChildProcess.StartVerge("fl", "server", "--listen", "http://127.0.0.1:0", "--strategy", "async-sgd", "--rounds", "8",
            "--min-clients", "3", "--model", "mlp", "--codec", "topk:0.05+ef", "--local-steps", "20", "--batch", "16", "--lr", "0.1",
            "--test-limit", "100", "--quorum-wait", "120");
        var url = (await server.WaitForStdoutAsync("listening on")).Split("listening on ")[1].Split(',')[0].Trim();
        ChildProcess Client(int id) => ChildProcess.StartVerge("fl", "client", "--server", url, "--client-id", $"{id}", "--clients", "3", "--limit", "600", "--patience", "30");
        using var c0 = Client(0);
        using var c1 = Client(1);
        using var c2 = Client(2);
        // Killed once its first sparse update is in: the other two carry the run to its 24 updates.
        var first = await c2.WaitForStdoutAsync("update accepted", seconds: 120);
        await c2.KillAsync();

        var done = await server.WaitForStdoutAsync("federation done", seconds: 240);
        Assert.Contains("24 asynchronous updates", done);
        Assert.Equal(0, (await server.ExitAsync(120)).ExitCode);
        Assert.Equal(0, (await c0.ExitAsync(120)).ExitCode);
        Assert.Equal(0, (await c1.ExitAsync(120)).ExitCode);
        Assert.Contains(c0.Lines, l => l.Contains("done,", StringComparison.Ordinal));
        Assert.Contains(server.Lines, l => l.Contains("round 8/8 complete", StringComparison.Ordinal) && l.Contains("test accuracy", StringComparison.Ordinal));
        // Top-k at 5 % with error feedback: far fewer bytes than the model's fp32 payload (mlp: over 100 k values, 400 kB).
        int bytes = int.Parse(first.Split("accepted (")[1].Split(' ')[0]);
        Assert.InRange(bytes, 1, 100_000);
    }

    [Fact]
    public async Task GossipPeersFinishWithoutAPeerKilledMidRun()
    {
        string[] Peer(int id, params string[] extra) => ["peer", "--peer-id", $"{id}", "--peers", "4", "--neighbours", "ring", "--rounds", "15",
            "--model", "cnn-small", "--local-steps", "3", "--batch", "16", "--lr", "0.05", "--limit", "400", "--test-limit", "100",
            "--exchange-timeout", "60", "--linger", "3", "--patience", "120", .. extra];
        using var p0 = ChildProcess.StartVerge(["fl", .. Peer(0)]);
        var url = (await p0.WaitForStdoutAsync("listening on")).Split("listening on ")[1].Split(';')[0].Trim();
        using var p1 = ChildProcess.StartVerge(["fl", .. Peer(1, "--join", url)]);
        using var p2 = ChildProcess.StartVerge(["fl", .. Peer(2, "--join", url)]);
        using var p3 = ChildProcess.StartVerge(["fl", .. Peer(3, "--join", url)]);
        // Peer 3 dies two rounds in; on the ring both 2 and 0 have it as a neighbour every other round.
        await p3.WaitForStdoutAsync("round 2/15", seconds: 180);
        await p3.KillAsync();

        foreach (var p in new[] { p0, p1, p2 })
        {
            Assert.Equal(0, (await p.ExitAsync(240)).ExitCode);
            Assert.Contains(p.Lines, l => l.Contains("done, 15 rounds", StringComparison.Ordinal) && l.Contains("test accuracy", StringComparison.Ordinal));
        }
        Assert.Contains(new[] { p0, p2 }.SelectMany(p => p.Lines), l => l.Contains("peer 3 failed the exchange", StringComparison.Ordinal) && l.Contains("dropped it", StringComparison.Ordinal));
    }
}
