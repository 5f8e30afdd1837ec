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
/// Demo steps 2 and 3: plan ResNet-18 on a phone + edge + cloud for the three uplinks of Neurosurgeon's study
/// (3G 1.1, LTE 5.85, Wi-Fi 18.88 Mbit/s), then run one plan that offloads, device → edge over real gRPC.
/// </summary>
internal static class PartitionDemo
{
    public static readonly (string Name, string Bandwidth)[] Networks = [("3G", "1.1Mbps"), ("LTE", "5.85Mbps"), ("Wi-Fi", "18.88Mbps")];

    public static async Task RunAsync(IAnsiConsole console, ModelGraph graph, ModelProfile profile, string outDir, CancellationToken ct)
    {
        var spec = DeploymentSpec.Load(Path.Combine(AppContext.BaseDirectory, "examples", "resnet18-3g-lte-wifi.yaml"));
        console.Write(new Rule("[bold]2. Plan: where should each part run, on three networks?[/]").LeftJustified());
        console.MarkupLine($"spec {Markup.Escape(Path.GetFileName(spec.Source))}: {Markup.Escape(string.Join(", ", spec.Topology.Nodes.Select(n => $"{n.Name} ({n.Tier.ToString().ToLowerInvariant()}, speed {n.Speed:G})")))}");

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("network").AddColumn("chosen plan").AddColumn("placement").AddColumn("cut")
            .AddColumn("predicted ms", c => c.RightAligned()).AddColumn("uplink", c => c.RightAligned())
            .AddColumn("device-only ms", c => c.RightAligned()).AddColumn("edge-only ms", c => c.RightAligned());
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
                $"{choice.Chosen.Predicted.LatencyMs:F1}", Ui.Bytes(choice.Chosen.Predicted.UplinkBytes), $"{Of("device-only"):F1}", $"{Of("edge-only"):F1}");
            chosen.Add((name, at, choice.Chosen));
        }
        console.Write(table);
        console.MarkupLine($"[grey]predictions include the RPC stack's own cost per message, measured on this host: {Markup.Escape(transport.ToString())}[/]");

        // Run the first network whose plan offloads; if none does, show offloading as it is (edge-only on Wi-Fi).
        var pick = chosen.FirstOrDefault(c => c.Plan.Stages.Any(s => s.Site.Tier != Tier.Device && s.GraphNodes.Count > 0));
        var planName = pick.Plan?.Name;
        if (pick.Plan is null)
        {
            pick = chosen[^1];
            planName = "edge-only";
        }
        console.Write(new Rule($"[bold]3. Run: {Markup.Escape(planName!)} on {pick.Network}, from the device over gRPC[/]").LeftJustified());
        if (pick.Plan is null || pick.Plan.Name != planName)
            console.MarkupLine($"no network's chosen plan offloads for this phone, so the demo runs [bold]{Markup.Escape(planName!)}[/] on {pick.Network} to show offloading, next to its prediction");
        console.MarkupLine("edge and cloud nodes start on loopback ports; every link is shaped to the spec's bandwidth and RTT, and each node computes at its spec'd speed");
        var settings = new SpecRunSettings(Frames: 10, Plan: planName, Adapt: false, Threads: profile.Threads, Nodes: new Dictionary<Tier, string>());
        var report = await RunView.RunAsync(console, pick.Spec, graph, profile, settings, ct, transport: transport);
        RunView.Render(console, pick.Spec, report);
        JsonOutput.Write(RunJson.From(report, pick.Spec), Path.Combine(outDir, "resnet18-run.json"));
    }
}
