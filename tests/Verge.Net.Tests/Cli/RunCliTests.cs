using System.Text.Json;

namespace Verge.Net.Tests.Cli;

/// <summary>
/// `verge run` as a user runs it: a spec, Fashion-MNIST frames, edge (and cloud) nodes on loopback gRPC or given by
/// URL; the JSON report holds the plan, bytes and outputs against the plan's prediction and the whole model.
/// </summary>
public sealed class RunCliTests : IDisposable
{
    // LeNet-5's input, 1×1×28×28 fp32: what edge-only sends up per frame.
    private const long InputBytes = 3136;

    // What one Infer request adds around a tensor's payload (gRPC frame prefix, protobuf fields, stage id, frame id).
    private const long MessageOverhead = 100;

    private readonly RunSpecFolder _dir = new("verge-run-cli-");

    public void Dispose() => _dir.Dispose();

    private string Spec(string codec = "fp32") => _dir.LeNet5(codec);

    private static JsonElement Json(ChildResult r)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement; // --json -: stdout holds the JSON and nothing else
    }

    private static Dictionary<string, int> ComputedAt(JsonElement run) =>
        run.GetProperty("computed_at").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    private string FastCloudSpec()
    {
        var spec = _dir.File("lenet5-fast-cloud.yaml");
        File.WriteAllText(spec, """
            app: { model: zoo:lenet5, input: fashion-mnist:test }
            nodes:
              - { name: sensor, tier: device, speed: 0.5 }
              - { name: edge,   tier: edge,   speed: 1.0 }
              - { name: cloud,  tier: cloud,  speed: 2.5 }
            links:
              - { from: sensor, to: edge, bandwidth: 100Mbps, rtt: 1ms }
              - { from: edge, to: cloud, bandwidth: 100Mbps, rtt: 1ms }
            """);
        return spec;
    }

    [Fact]
    public async Task ACloudFasterThanThisHostRunsUnderTimeDilationAndSaysSo()
    {
        var spec = FastCloudSpec();
        var file = _dir.File("dilated.json");
        var r = await ChildProcess.RunVergeAsync("run", spec, "--frames", "2", "--runs", "2", "--threads", "1", "--plan", "cloud-only", "--no-adapt", "--json", file);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var text = System.Text.RegularExpressions.Regex.Replace(r.Stdout, @"\s+", " ");
        Assert.Contains("dilation: 2.5", text);
        Assert.Contains("time dilation in effect (k = 2.5", text);
        Assert.DoesNotContain("cannot be emulated faster than this host", text);

        var run = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        Assert.Equal(2.5, run.GetProperty("dilation").GetDouble());
        Assert.Equal(new Dictionary<string, int> { ["cloud"] = 2 }, ComputedAt(run));
        Assert.True(run.GetProperty("outputs_match").GetBoolean());
    }

    [Fact]
    public async Task ADilationBelowTheFastestNodesSpeedIsAUsageError()
    {
        var r = await ChildProcess.RunVergeAsync("run", FastCloudSpec(), "--dilation", "2", "--frames", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--dilation 2 must be at least the fastest node's speed, 2.5", r.Stderr);
    }

    [Fact]
    public async Task EdgeOnlyReproducesTheModelAndSendsThePredictedBytes()
    {
        var run = Json(await ChildProcess.RunVergeAsync("run", Spec(), "--frames", "6", "--runs", "2", "--threads", "1", "--plan", "edge-only",
            "--bandwidth", "100Mbps", "--no-adapt", "--json", "-"));

        Assert.Equal("edge-only", run.GetProperty("plan").GetString());
        Assert.Equal(6, run.GetProperty("frames").GetInt32());
        Assert.Equal(1, run.GetProperty("dilation").GetDouble()); // no node is faster than this host
        Assert.Equal(new Dictionary<string, int> { ["edge"] = 6 }, ComputedAt(run));
        Assert.True(run.GetProperty("outputs_match").GetBoolean());
        Assert.True(run.GetProperty("max_relative_difference").GetDouble() <= 1e-4);
        Assert.Equal(1.0, run.GetProperty("top1_agreement").GetDouble());
        Assert.Equal(InputBytes, run.GetProperty("predicted").GetProperty("uplink_bytes").GetInt64());
        long sent = run.GetProperty("measured").GetProperty("uplink_bytes").GetInt64();
        Assert.InRange(sent, InputBytes, InputBytes + MessageOverhead);
        var perFrame = run.GetProperty("per_frame").EnumerateArray().Select(f => f.GetProperty("uplink_bytes").GetInt64()).ToList();
        Assert.All(perFrame, b => Assert.InRange(b, InputBytes, sent));
        Assert.Equal(perFrame.Sum(), run.GetProperty("measured").GetProperty("total_uplink_bytes").GetInt64());
        Assert.Equal(0, run.GetProperty("fallback_frames").GetInt32());
        Assert.Empty(run.GetProperty("replans").EnumerateArray());
        // --bandwidth replaced the spec's 2 Mbit/s uplink.
        Assert.Equal("sensor\u2013edge 100 Mbps 5ms", run.GetProperty("segments").EnumerateArray().Single().GetProperty("network").GetString());
        Assert.Equal(6, perFrame.Count);
    }

    [Fact]
    public async Task WithoutPlanItRunsWhatVergePlanChooses()
    {
        // At 10 kbit/s the 3 KB input would take 2.5 s to send; LeNet-5 on the device takes under a millisecond.
        var spec = Spec();
        var plan = Json(await ChildProcess.RunVergeAsync("plan", spec, "--runs", "2", "--threads", "1", "--bandwidth", "10kbps", "--json", "-"));
        var run = Json(await ChildProcess.RunVergeAsync("run", spec, "--frames", "4", "--runs", "2", "--threads", "1", "--bandwidth", "10kbps",
            "--no-adapt", "--json", "-"));

        var chosen = plan.GetProperty("chosen").GetString();
        Assert.Equal(chosen, run.GetProperty("plan").GetString());
        var candidate = plan.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("name").GetString() == chosen);
        Assert.Equal(0, candidate.GetProperty("predicted").GetProperty("uplink_bytes").GetInt64());
        Assert.Equal(new Dictionary<string, int> { ["device"] = 4 }, ComputedAt(run));
        Assert.Equal(0, run.GetProperty("measured").GetProperty("total_uplink_bytes").GetInt64());
        Assert.True(run.GetProperty("outputs_match").GetBoolean());
    }

    [Fact]
    public async Task Int8OnTheWireSendsAQuarterAndKeepsTheAnswers()
    {
        var run = Json(await ChildProcess.RunVergeAsync("run", Spec("int8"), "--frames", "20", "--runs", "2", "--threads", "1", "--plan", "edge-only",
            "--bandwidth", "100Mbps", "--no-adapt", "--json", "-"));

        Assert.Equal("int8", run.GetProperty("codec").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("outputs_match").ValueKind); // exactness is not the question for a lossy codec
        Assert.True(run.GetProperty("top1_agreement").GetDouble() >= 0.95, $"top-1 agreement {run.GetProperty("top1_agreement")}");
        Assert.Equal(InputBytes / 4, run.GetProperty("predicted").GetProperty("uplink_bytes").GetInt64());
        Assert.InRange(run.GetProperty("measured").GetProperty("uplink_bytes").GetInt64(), InputBytes / 4, InputBytes / 4 + MessageOverhead);
        Assert.Equal(new Dictionary<string, int> { ["edge"] = 20 }, ComputedAt(run));
    }

    [Fact]
    public async Task AKilledEdgeGivenByUrlFallsBackToTheDevice()
    {
        using var edge = await ServeProcess.StartAsync("edge");
        using var run = ChildProcess.StartVerge("run", Spec(), "--frames", "150", "--runs", "2", "--threads", "1", "--plan", "edge-only",
            "--edge", edge.Url, "--no-adapt", "--json", "-");
        // Progress lines name where the last frame was computed; once one came back from the edge, the edge dies.
        await run.WaitForStderrAsync("\u00b7 edge \u00b7");
        edge.Kill();
        var report = Json(await run.ExitAsync());

        var at = ComputedAt(report);
        Assert.Equal(["device (fallback)", "edge"], at.Keys.Order());
        Assert.Equal(150, at.Values.Sum());
        Assert.True(at["edge"] >= 1 && at["device (fallback)"] >= 1, string.Join(", ", at));
        Assert.Equal(at["device (fallback)"], report.GetProperty("fallback_frames").GetInt32());
        Assert.True(report.GetProperty("outputs_match").GetBoolean()); // fallback frames run the whole model on the device
        var frames = report.GetProperty("per_frame").EnumerateArray().ToList();
        int firstFallback = frames.FindIndex(f => f.GetProperty("computed_at").GetString() == "device (fallback)");
        Assert.All(frames.Take(firstFallback), f => Assert.Equal("edge", f.GetProperty("computed_at").GetString()));
        Assert.All(frames.Skip(firstFallback), f => Assert.Equal(0, f.GetProperty("uplink_bytes").GetInt64()));
    }

    [Fact]
    public async Task AKilledCloudInAThreeTierPlanFallsBackToTheDevice()
    {
        var spec = _dir.File("three-tier.yaml");
        File.WriteAllText(spec, """
            app: { model: zoo:lenet5, input: fashion-mnist:test }
            nodes:
              - { name: phone, tier: device, speed: 0.0005 }
              - { name: edge,  tier: edge,   speed: 0.002 }
              - { name: cloud, tier: cloud,  speed: 1.0 }
            links:
              - { from: phone, to: edge,  bandwidth: 1.1Mbps, rtt: 2ms }
              - { from: edge,  to: cloud, bandwidth: 100Mbps, rtt: 2ms }
            """);
        using var cloud = await ServeProcess.StartAsync("cloud");
        // cloud-only on three tiers: the phone sends to the edge (started by verge run), which forwards to the cloud.
        using var run = ChildProcess.StartVerge("run", spec, "--frames", "100", "--runs", "2", "--threads", "1", "--plan", "cloud-only",
            "--cloud", cloud.Url, "--no-adapt", "--json", "-");
        await run.WaitForStderrAsync("\u00b7 cloud \u00b7");
        cloud.Kill();
        var report = Json(await run.ExitAsync());

        var at = ComputedAt(report);
        Assert.Equal(["cloud", "device (fallback)"], at.Keys.Order());
        Assert.Equal(100, at.Values.Sum());
        Assert.Equal(at["device (fallback)"], report.GetProperty("fallback_frames").GetInt32());
        Assert.True(report.GetProperty("outputs_match").GetBoolean());
        Assert.Equal(InputBytes, report.GetProperty("predicted").GetProperty("uplink_bytes").GetInt64());
    }
}
