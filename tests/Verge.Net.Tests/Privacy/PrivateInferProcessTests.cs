using System.Diagnostics;
using System.Text.Json;
using Verge.Net.Tests.Cli;

namespace Verge.Net.Tests.Privacy;

/// <summary>
/// Two-party inference between real processes over gRPC: `verge private-infer` (the device) against a dealer and an
/// edge party. Honest parties give the plaintext answers; a faulty edge (a short share, or death mid-protocol)
/// stops the device with exit 3 and one line, never with an answer.
/// </summary>
public sealed class PrivateInferProcessTests
{
    [Fact]
    public async Task MatchesPlaintextOnFashionMnistFrames()
    {
        var result = await VergeChild.RunAsync(300, "private-infer", "zoo:lenet5", "--frames", "3", "--batch", "2", "--json", "-");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(1.0, root.GetProperty("agreement").GetDouble());
        Assert.Equal(root.GetProperty("accuracy_plain").GetDouble(), root.GetProperty("accuracy_private").GetDouble());
        Assert.InRange(root.GetProperty("max_abs_logit_error").GetDouble(), 0, 1e-2);
        Assert.True(root.GetProperty("bytes_online").GetInt64() > 0 && root.GetProperty("bytes_offline").GetInt64() > 0);
    }

    [Theory]
    [InlineData("short-share", "values at")]
    [InlineData("die", "edge party")]
    public async Task AFaultyEdgeStopsTheDeviceWithOneLine(string fault, string expected)
    {
        using var dealer = await PartyChild.StartAsync("dealer");
        using var edge = await PartyChild.StartAsync("edge", "zoo:lenet5", "--dealer", dealer.Url, "--fault", fault);
        var result = await VergeChild.RunAsync(300, "private-infer", "zoo:lenet5", "--frames", "2", "--batch", "2",
            "--edge", edge.Url, "--dealer", dealer.Url);
        Assert.Equal(3, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.StartsWith("verge: ", lines[0]);
        Assert.Empty(result.Stdout.Trim());
    }

    /// <summary>A `verge private-party` child process; killed on dispose.</summary>
    private sealed class PartyChild(Process process, string url) : IDisposable
    {
        public string Url { get; } = url;

        /// <summary>Starts the party and reads its URL from its "listening on" line (a startup guard, not a timing assertion).</summary>
        public static async Task<PartyChild> StartAsync(string role, params string[] args)
        {
            var process = ServeProcess.Launch(["private-party", role, "--listen", "http://127.0.0.1:0", .. args]);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(guard.Token);
            var prefix = $"verge private-party: {role} listening on ";
            Assert.StartsWith(prefix, line);
            return new PartyChild(process, line![prefix.Length..]);
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }
}
