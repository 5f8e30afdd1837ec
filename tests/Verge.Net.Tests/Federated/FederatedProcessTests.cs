using System.Text.RegularExpressions;

namespace Verge.Net.Tests.Federated;

/// <summary>
/// Federated training over real gRPC between real processes: a client dies mid-run and the server restarts, and
/// the run still completes every round, none lost.
/// </summary>
public sealed partial class FederatedProcessTests
{
    private const int Rounds = 5;

    [Fact]
    public async Task SurvivesAClientKillAndAServerRestart()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"verge-fl-{Guid.NewGuid():N}");
        // The round timeout is how long a round waits for the killed client; it is generous so that a healthy client
        // slowed by a busy host is not dropped beside it.
        string[] ServerArgs(string listen) => ["server", "--listen", listen, "--strategy", "fedavg", "--rounds", $"{Rounds}",
            "--min-clients", "2", "--checkpoint", dir, "--model", "mlp", "--local-steps", "5", "--batch", "16", "--lr", "0.1",
            "--round-timeout", "10", "--test-limit", "200"];
        string url = "";
        ChildProcess Client(int id) => ChildProcess.StartVerge("fl", "client", "--server", url, "--client-id", $"{id}", "--clients", "3", "--alpha", "1",
            "--limit", "600", "--patience", "60");
        try
        {
            // The server binds port 0 and reports the port it got; the restarted server comes back on that same port.
            using var first = ChildProcess.StartVerge(["fl", .. ServerArgs("http://127.0.0.1:0")]);
            url = ListeningOn().Match(await first.WaitForStdoutAsync("listening on")).Groups[1].Value;
            Assert.StartsWith("http://127.0.0.1:", url);
            // The client to be killed joins first and dies before any round can start (two are needed): the server
            // still counts it as present for its live window (round timeout + 5 s), so the first round samples it and
            // must finish without it. Killing it later, mid-fit, raced the rounds: on an idle host a round takes a few
            // ms and all five could finish before the test reacted to a "round 2 fitting" line.
            using var c2 = Client(2);
            await c2.WaitForStdoutAsync("joined");
            await c2.KillAsync();
            using var c0 = Client(0);
            using var c1 = Client(1);

            // Right after a round completes without it, the server dies; its checkpoint must carry the run on.
            await first.WaitForStdoutAsync(line => DroppedClients().Match(line) is { Success: true } m && m.Groups[1].Value.Split(',').Contains("2"),
                "a round completed without client 2");
            await first.KillAsync();
            var firstDone = Completed(first.Lines);

            using var second = ChildProcess.StartVerge(["fl", .. ServerArgs(url)]);
            var resumed = await second.WaitForStdoutAsync("listening on");
            Assert.Contains($"resuming after round {firstDone.Max()}", resumed);
            Assert.Equal(0, (await second.ExitAsync()).ExitCode);
            var secondDone = Completed(second.Lines);
            Assert.NotEmpty(secondDone);

            // Every round completed exactly once across both server processes: none lost, none redone.
            Assert.Equal(Enumerable.Range(1, Rounds), firstDone.Concat(secondDone).Order());
            Assert.Equal(0, (await c0.ExitAsync()).ExitCode);
            Assert.Equal(0, (await c1.ExitAsync()).ExitCode);
            Assert.Contains(c0.Lines, l => l.Contains("done,"));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static List<int> Completed(IEnumerable<string> lines) =>
        lines.Select(l => RoundComplete().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();

    [GeneratedRegex(@"round (\d+)/\d+ complete")]
    private static partial Regex RoundComplete();

    [GeneratedRegex(@"round \d+/\d+ complete: .*\(dropped clients ([\d,]+)\)")]
    private static partial Regex DroppedClients();

    [GeneratedRegex(@"listening on (http://\S+?)(,|$)")]
    private static partial Regex ListeningOn();
}
