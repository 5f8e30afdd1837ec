namespace Verge.Net.Tests.Cli;

/// <summary>
/// A scratch folder for `verge run` tests with the spec they share: LeNet-5 on Fashion-MNIST, a slow device and an
/// edge node over a 2 Mbps, 5 ms link.
/// </summary>
internal sealed class RunSpecFolder(string prefix) : IDisposable
{
    private readonly TempDir _dir = new(prefix);

    /// <summary>A path in the folder.</summary>
    public string File(string name) => _dir.File(name);

    /// <summary>Writes the two-node LeNet-5 spec with this wire codec and returns its path.</summary>
    public string LeNet5(string codec = "fp32")
    {
        var path = File($"lenet5-{codec}.yaml");
        System.IO.File.WriteAllText(path, $$"""
            app: { model: zoo:lenet5, input: fashion-mnist:test, codec: {{codec}} }
            nodes:
              - { name: sensor, tier: device, speed: 0.05 }
              - { name: edge,   tier: edge,   speed: 1.0 }
            links:
              - { from: sensor, to: edge, bandwidth: 2Mbps, rtt: 5ms }
            """);
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
