using System.Globalization;
using System.Text.RegularExpressions;
using Verge.Learning.Privacy.Accounting;

namespace Verge.Net.Tests.Federated;

/// <summary>DP-FedAvg behind `verge fl server` with secure aggregation: the log gives the accountant's (ε, δ) after every round.</summary>
public sealed partial class DpFedAvgProcessTests
{
    [Fact]
    public async Task TheServerLogsTheAccountantsEpsilonAfterEveryRound()
    {
        using var server = ChildProcess.StartVerge("fl", "server", "--listen", "http://127.0.0.1:0", "--rounds", "2", "--min-clients", "3", "--model", "mlp",
            "--codec", "q8", "--local-steps", "2", "--round-timeout", "30", "--test-limit", "100", "--dp", "--noise", "1.2", "--clip", "0.5",
            "--secure-aggregation");
        var url = ListeningOn().Match(await server.WaitForStdoutAsync("listening on")).Groups[1].Value;
        using var clients = new Clients(Enumerable.Range(0, 3).Select(id =>
            ChildProcess.StartVerge("fl", "client", "--server", url, "--client-id", $"{id}", "--clients", "3", "--limit", "600", "--secure-aggregation")).ToList());
        for (int t = 1; t <= 2; t++)
        {
            var line = await server.WaitForStdoutAsync($"round {t}/2 complete");
            // q = 1 (--fraction 1): every present client joins every round.
            var epsilon = RdpAccountant.Epsilon(1.0, 1.2, t, 1e-5).Epsilon;
            Assert.Contains("3 of 3 updates", line);
            Assert.EndsWith(string.Create(CultureInfo.InvariantCulture, $", ε {epsilon:F3} (δ 1E-05)"), line);
        }
        Assert.Equal(0, (await server.ExitAsync()).ExitCode);
    }

    private sealed class Clients(List<ChildProcess> all) : IDisposable
    {
        public void Dispose() => all.ForEach(c => c.Dispose());
    }

    [GeneratedRegex(@"listening on (http://\S+?)(,|$)")]
    private static partial Regex ListeningOn();
}
