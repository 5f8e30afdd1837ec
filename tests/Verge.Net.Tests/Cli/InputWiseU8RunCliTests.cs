using System.Text.Json;

namespace Verge.Net.Tests.Cli;

/// <summary>`verge run` of a spec with helpers and an 8-bit input (<c>app.input_format</c>): the tiles get 8-bit windows and zero-bitmap strips, and the outputs still equal the whole model on the normalised frames.</summary>
public sealed class InputWiseU8RunCliTests
{
    [Fact]
    public async Task EightBitFramesRunInputWiseAndEqualTheWholeModel()
    {
        using var dir = new TempDir("verge-u8-run-");
        var spec = Path.Combine(dir.Path, "tiles-u8.yaml");
        await File.WriteAllTextAsync(spec, """
            app:
              model: zoo:resnet-tiny
              input: random
              input_format: { format: u8, mean: [0.286], std: [0.353] }
            nodes:
              - { name: camera, tier: device }
              - { name: b1, tier: device, helper: true }
              - { name: b2, tier: device, helper: true }
            links:
              - { from: camera, to: b1, bandwidth: 100Mbps, rtt: 1ms }
              - { from: camera, to: b2, bandwidth: 100Mbps, rtt: 1ms }
            """);
        var r = await ChildProcess.RunVergeAsync(240, "run", spec, "--frames", "2", "--runs", "2", "--threads", "1", "--plan", "input-wise", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("input-wise", json.GetProperty("plan").GetString());
        Assert.True(json.GetProperty("max_rel_diff").GetDouble() <= 1e-5, r.Stdout);
    }
}
