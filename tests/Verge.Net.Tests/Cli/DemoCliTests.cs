using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Verge.Net.Tests.Cli;

/// <summary>`verge demo`, the tour a new user runs first: every step's result, not just that it ends.</summary>
public sealed partial class DemoCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verge-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TheTourProfilesPlansRunsEvaluatesTrainsInPlaceAndServes()
    {
        // About 25 s on an idle 2-core host; the guard leaves room for a host shared with other test runs.
        var r = await ChildProcess.RunVergeAsync(600, "demo", "--runs", "1", "--out", _dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var text = Regex.Replace(r.Stdout, @"\s+", " "); // lines wrap at the console's width

        // 1. Profile: ResNet-18 node by node, with its plot and JSON.
        Assert.Contains("zoo:resnet18: 74 nodes", text);
        using (var profile = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "resnet18-profile.json"))))
            Assert.Equal(74, profile.RootElement.GetProperty("nodes").GetArrayLength());
        Assert.True(new FileInfo(Path.Combine(_dir, "resnet18-profile.png")).Length > 1000);

        // 2-3. Plan, then one plan run over gRPC whose outputs equal the whole model's.
        Assert.Contains("2. Plan: where should each part run, on three networks?", text);
        // The speeds are scaled to this host, so the plans differ by network on a fast host and a slow one alike.
        Assert.Matches(@"the planner chose [23] different plans across the three networks", text);
        using (var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "resnet18-run.json"))))
        {
            var root = run.RootElement;
            Assert.True(root.GetProperty("outputs_match").GetBoolean());
            Assert.Equal(10, root.GetProperty("frames").GetInt32());
            Assert.Equal(0, root.GetProperty("fallback_frames").GetInt32());
            Assert.Contains($"3. Run: {root.GetProperty("plan").GetString()} on Wi-Fi", text); // the plan chosen for Wi-Fi
            // The spec's GPU cloud (speed 8 on the reference machine) is faster than this host, whatever its speed.
            Assert.True(root.GetProperty("dilation").GetDouble() > 1, root.GetProperty("dilation").ToString());
        }
        Assert.Contains("outputs match the whole model run locally: yes", text);

        // 4. Learn: the trained LeNet-5 on all 10 000 test images (89.06 % since it was trained).
        var accuracy = Accuracy().Match(text);
        Assert.True(accuracy.Success, text);
        Assert.True(double.Parse(accuracy.Groups[1].Value, CultureInfo.InvariantCulture) >= 85, accuracy.Value);

        // 5. Train in place: three rounds of FedAvg over gRPC, every client in every round, a model that learned.
        var rows = Round().Matches(r.Stdout).ToList();
        Assert.Equal(["1", "2", "3"], rows.Select(m => m.Groups[1].Value));
        Assert.All(rows, m => Assert.Equal("3/3", m.Groups[2].Value));
        Assert.True(double.Parse(rows[^1].Groups[3].Value, CultureInfo.InvariantCulture) > 50, rows[^1].Value);
        Assert.Contains("3 rounds, the training images never left the clients.", text);

        // 5b. DP-SGD on the device: the accountant's ε spent, never past the budget, for a model that learned.
        var privacy = PrivacySpent().Match(text);
        Assert.True(privacy.Success, text);
        double epsilon = Number(privacy.Groups[1]);
        Assert.InRange(epsilon, 0.1, 1.0 + 1e-3); // the demo's budget is ε = 1
        Assert.True(Number(privacy.Groups[2]) > 50, privacy.Value);

        // 6. Serve: one edge server, a few hundred requests from simulated devices, batching off and on, the dashboard's address.
        Assert.Contains("6. Serve: one edge server, many devices, batching off and on", text);
        Assert.Matches(@"dashboard: http://127\.0\.0\.1:\d+/ ", text);
        var serving = Serving().Matches(r.Stdout).ToDictionary(m => m.Groups[1].Value);
        Assert.Equal(["off", "on"], serving.Keys.Order());
        foreach (var m in serving.Values)
        {
            Assert.Equal("320/320", m.Groups[2].Value);
            double throughput = Number(m.Groups[3]), p50 = Number(m.Groups[4]), p99 = Number(m.Groups[5]);
            Assert.True(throughput > 0 && p50 <= p99, m.Value);
        }
        Assert.Equal(1.0, Number(serving["off"].Groups[6])); // without dynamic_batching, one request per run
        Assert.True(Number(serving["on"].Groups[6]) >= 1.0, serving["on"].Value); // > 1 once zoo:lenet5 has a dynamic batch dimension
    }

    private static double Number(Group g) => double.Parse(g.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"privacy spent: ε ([\d.]+) at δ [^ ]+ \(Rényi accountant[^)]*\) for ([\d.]+) ?% test accuracy")]
    private static partial Regex PrivacySpent();

    [GeneratedRegex(@"zoo:lenet5 on the Fashion-MNIST test set through ONNX Runtime: accuracy ([\d.]+) % \(10,000 images")]
    private static partial Regex Accuracy();

    // "│ 2     │ 3/3     │ 584.2 KiB      │ 2.28 MiB       │ 63.0 %        │"
    [GeneratedRegex(@"│\s*(\d)\s*│\s*(\d/\d)\s*│[^│\n]*│[^│\n]*│\s*([\d.]+)\s?%\s*│")]
    private static partial Regex Round();

    // "│ on       │ lenet5-batched │ 320/320  │ 2751.10            │ 11.66    │ 23.67    │ 1.00       │"
    [GeneratedRegex(@"│\s*(off|on)\s*│\s*lenet5[\w-]*\s*│\s*(\d+/\d+)\s*│\s*([\d.]+)\s*│\s*([\d.]+)\s*│\s*([\d.]+)\s*│\s*([\d.]+)\s*│")]
    private static partial Regex Serving();
}
