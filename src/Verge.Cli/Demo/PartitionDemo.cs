using Spectre.Console;
using Verge.Cli.Output;
using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Running;

namespace Verge.Cli.Demo;

/// <summary>
/// Demo steps 2 and 3: plan ResNet-18 on a phone + edge + GPU cloud (speeds from published ResNet-18 latencies, see the
/// spec) for the three uplinks of Neurosurgeon's study (3G 1.1, LTE 5.85, Wi-Fi 18.88 Mbit/s), then run the plan chosen
/// for Wi-Fi over real gRPC, time-dilated since the cloud is faster than this host.
/// </summary>
internal static class PartitionDemo
{
    public static readonly (string Name, string Bandwidth)[] Networks = [("3G", "1.1Mbps"), ("LTE", "5.85Mbps"), ("Wi-Fi", "18.88Mbps")];

    /// <summary>
    /// ResNet-18's latency on the machine the spec's speeds are relative to: ncnn's benchncnn, AMD Ryzen Embedded V1605B
    /// on 2 threads, fp32, 224×224 (github.com/Tencent/ncnn, benchmark/README.md), as the spec's comment derives them.
    /// </summary>
    public const double ReferenceMs = 46.1;

    /// <summary>
    /// The demo's spec on this host: its speeds are ratios to the reference machine, so every node is scaled by this
    /// host's time over the reference's and the phone takes about 46.1 / 0.09 ≈ 512 ms on any host, as the phone it
    /// stands for does (RK3288, 500.4 ms in the same table); unscaled, a fast host made the phone fast enough to keep
    /// the work on every network.
    /// </summary>
    public static DeploymentSpec OnThisHost(DeploymentSpec spec, ModelProfile profile) =>
        spec with { Topology = spec.Topology.WithSpeedsScaled(profile.OptimizedMs / ReferenceMs) };

    public static async Task RunAsync(IAnsiConsole console, ModelGraph graph, ModelProfile profile, string outDir, CancellationToken ct)
    {
        var written = DeploymentSpec.Load(Path.Combine(AppContext.BaseDirectory, "examples", "resnet18-3g-lte-wifi.yaml"));
        var spec = OnThisHost(written, profile);
        console.Write(new Rule("[bold]2. Plan: where should each part run, on three networks?[/]").LeftJustified());
        console.MarkupLine($"spec {Markup.Escape(Path.GetFileName(spec.Source))}: {Markup.Escape(string.Join(", ", written.Topology.Nodes.Select(n => $"{n.Name} ({n.Tier.ToString().ToLowerInvariant()}, speed {n.Speed:G})")))}");
        console.MarkupLine($"[grey]the speeds are relative to a machine that runs ResNet-18 in {ReferenceMs:0.#} ms (the spec says which); this host runs it in {profile.OptimizedMs:F1} ms, " +
                           $"so every node runs at {profile.OptimizedMs / ReferenceMs:0.###}× its speed here: the phone takes about {ReferenceMs / written.Topology.Device.Speed:F0} ms, as on the phone it stands for[/]");

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("network").AddColumn("chosen plan").AddColumn("placement").AddColumn("cut")
            .AddColumn("predicted ms", c => c.RightAligned()).AddColumn("uplink", c => c.RightAligned())
            .AddColumn("device-only ms", c => c.RightAligned()).AddColumn("edge-only ms", c => c.RightAligned()).AddColumn("cloud-only ms", c => c.RightAligned());
        var chosen = new List<(string Network, DeploymentSpec Spec, Plan Plan)>();
        // What one message costs the RPC stack here, measured once and used by the plans and the run alike.
        var transport = await HostTransport.MeasureAsync(ct);
        foreach (var (name, bandwidth) in Networks)
        {
            var at = spec.WithDeviceBandwidth(Bandwidth.Parse(bandwidth));
            var choice = Planners.Choose(new PlanningProblem(graph, profile, at.Topology, PlanningOptions.From(at.App) with { Message = transport }));
            double Of(string plan) => choice.Candidates.First(c => c.Name == plan).Predicted.LatencyMs;
            var cut = choice.Chosen.Cuts.FirstOrDefault();
            table.AddRow($"{name} ({bandwidth})", $"[bold]{Markup.Escape(choice.Chosen.Name)}[/]", Markup.Escape(choice.Chosen.Placement),
                Markup.Escape(cut is null ? "-" : cut.Count <= 2 ? string.Join(", ", cut) : $"{cut[0]} +{cut.Count - 1}"),
                $"{choice.Chosen.Predicted.LatencyMs:F1}", Ui.Bytes(choice.Chosen.Predicted.UplinkBytes), $"{Of("device-only"):F1}", $"{Of("edge-only"):F1}", $"{Of("cloud-only"):F1}");
            chosen.Add((name, at, choice.Chosen));
        }
        console.Write(table);
        console.MarkupLine($"[grey]predictions include the RPC stack's own cost per message, measured on this host: {Markup.Escape(transport.ToString())}[/]");

        var plans = chosen.Select(c => c.Plan.Name).Distinct().ToList();
        console.MarkupLine(plans.Count > 1
            ? $"the planner chose {plans.Count} different plans across the three networks: {Markup.Escape(string.Join(", ", plans))}"
            : $"[yellow]the planner chose {Markup.Escape(plans[0])} on every network[/]");

        // Run the plan chosen for Wi-Fi, as the phone would on a Wi-Fi uplink.
        var pick = chosen.First(c => c.Network == "Wi-Fi");
        var planName = pick.Plan.Name;
        console.Write(new Rule($"[bold]3. Run: {Markup.Escape(planName)} on {pick.Network}, from the device over gRPC[/]").LeftJustified());
        var dilation = SpecRun.Dilation(pick.Spec, new Dictionary<Tier, string>());
        console.MarkupLine("edge and cloud nodes start on loopback ports; every link is shaped to the spec's bandwidth and RTT, and each node computes at its spec'd speed" +
                           (dilation.InEffect ? $"; the cloud is faster than this host, so everything runs {dilation.Factor:0.##}× slower (time dilation) and is measured ÷ {dilation.Factor:0.##}" : ""));
        var settings = new SpecRunSettings(Frames: 10, Plan: planName, Adapt: false, Threads: profile.Threads, Nodes: new Dictionary<Tier, string>());
        var report = await RunView.RunAsync(console, pick.Spec, graph, profile, settings, ct, transport: transport);
        RunView.Render(console, pick.Spec, report);
        JsonOutput.Write(RunJson.From(report, pick.Spec), Path.Combine(outDir, "resnet18-run.json"));
    }
}
