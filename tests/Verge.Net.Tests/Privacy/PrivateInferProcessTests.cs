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
        var result = await ChildProcess.RunVergeAsync(300, "private-infer", "zoo:lenet5", "--frames", "3", "--batch", "2", "--json", "-");
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
        var result = await ChildProcess.RunVergeAsync(300, "private-infer", "zoo:lenet5", "--frames", "2", "--batch", "2",
            "--edge", edge.Url, "--dealer", dealer.Url);
        Assert.Equal(3, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.StartsWith("verge: ", lines[0]);
        Assert.Empty(result.Stdout.Trim());
    }
}
