using System.Text.Json;
using Verge.Net.Tests.Cli;

namespace Verge.Net.Tests.Privacy;

/// <summary>
/// Homomorphic inference between real processes over gRPC: `verge private-infer --protocol he` (the device, holding
/// the key) against `verge private-party he-edge` (holding the MLP's weights). A 256-bit key keeps the tests fast —
/// for tests only; reported figures use 2048 bits. An edge behind bearer tokens refuses a device without one; a
/// faulty edge (short or invalid ciphertexts, death mid-protocol) stops the device with exit 3 and one line.
/// </summary>
public sealed class HomomorphicProcessTests
{
    [Fact]
    public async Task MatchesPlaintextAndRefusesADeviceWithoutTheToken()
    {
        var folder = Directory.CreateTempSubdirectory("verge-he-tokens-").FullName;
        try
        {
            var tokens = Path.Combine(folder, "tokens.txt");
            await File.WriteAllTextAsync(tokens, "he-secret-0123456789 infer\n");
            using var edge = await PartyChild.StartAsync("he-edge", "zoo:mlp", "--tokens", tokens);
            var refused = await ChildProcess.RunVergeAsync(300, "private-infer", "zoo:mlp", "--protocol", "he", "--key-bits", "256", "--frames", "2", "--edge", edge.Url);
            Assert.Equal(3, refused.ExitCode);
            var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("no bearer token", line);

            var result = await ChildProcess.RunVergeAsync(300, "private-infer", "zoo:mlp", "--protocol", "he", "--key-bits", "256", "--frames", "2",
                "--edge", edge.Url, "--token", "he-secret-0123456789", "--json", "-");
            Assert.True(result.ExitCode == 0, result.Stderr);
            using var json = JsonDocument.Parse(result.Stdout);
            var root = json.RootElement;
            Assert.Equal("he", root.GetProperty("protocol").GetString());
            Assert.Equal(256, root.GetProperty("key_bits").GetInt32());
            Assert.Equal(1.0, root.GetProperty("agreement").GetDouble());
            Assert.Equal(root.GetProperty("accuracy_plain").GetDouble(), root.GetProperty("accuracy_private").GetDouble());
            // 12 fractional bits on inputs and weights: the encoding's rounding, nothing else.
            Assert.InRange(root.GetProperty("max_abs_logit_error").GetDouble(), 0, 0.05);
            Assert.True(root.GetProperty("bytes_online").GetInt64() > 0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("short-share", "bytes at masked layer")]
    [InlineData("bad-ciphertext", "outside Z*_n²")]
    [InlineData("die", "edge party")]
    public async Task AFaultyEdgeStopsTheDeviceWithOneLine(string fault, string expected)
    {
        using var edge = await PartyChild.StartAsync("he-edge", "zoo:mlp", "--fault", fault);
        var result = await ChildProcess.RunVergeAsync(300, "private-infer", "zoo:mlp", "--protocol", "he", "--key-bits", "256", "--frames", "2",
            "--edge", edge.Url);
        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("verge: ", line);
        Assert.Contains(expected, line);
        Assert.Empty(result.Stdout.Trim());
    }
}
