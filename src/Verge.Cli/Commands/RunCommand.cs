using System.CommandLine;
using System.CommandLine.Parsing;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Net.Execution;
using Verge.Net.Running;

using Verge.Net.Running.Streams;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge run SPEC`: plan the spec's model, start its edge/cloud nodes on loopback (or use --edge/--cloud URLs), run N
/// frames device→edge→cloud over gRPC with every link shaped as the spec says, and hold measured latency, bytes and
/// outputs against the plan's prediction and the whole model run locally.
/// </summary>
internal static class RunCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var specArg = new Argument<string>("spec") { Description = "deployment spec (YAML), e.g. examples/resnet18-3g-lte-wifi.yaml" };
        var frames = new Option<int>("--frames") { Description = "frames to run", DefaultValueFactory = _ => 20 };
        var plan = new Option<string?>("--plan") { Description = "run this candidate (see 'verge plan') instead of the planner's choice; disables re-planning", HelpName = "NAME" };
        var cut = new Option<int?>("--cut") { Description = "split at this cut (an id from 'verge cuts'): head on the device, tail on the edge (else cloud), e.g. where a noisily trained tail belongs; disables re-planning", HelpName = "ID" };
        var edge = new Option<string[]>("--edge")
        {
            Description = "use a running edge node (verge serve) instead of starting one; with app.moves, each edge node's clustered server as NODE=URL (repeat)",
            HelpName = "URL",
            DefaultValueFactory = _ => [],
        };
        var cloud = new Option<string?>("--cloud") { Description = "use a running cloud node instead of starting one", HelpName = "URL" };
        var bandwidth = new Option<string?>("--bandwidth") { Description = "override the device's link bandwidth, e.g. 1.1Mbps" };
        var noAdapt = new Option<bool>("--no-adapt") { Description = "do not measure the uplink or re-plan during the run" };
        var dilation = new Option<double?>("--dilation") { Description = "time dilation factor k for nodes faster than this host (default: the fastest node's speed; more leaves a busy host headroom)", HelpName = "K" };
        var runs = new Option<int>("--runs") { Description = "timed profiling runs (profiles are cached)", DefaultValueFactory = _ => 10 };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("run", "Run a spec's model under its plan across device, edge and cloud over gRPC; measured vs predicted")
        {
            specArg, frames, plan, cut, edge, cloud, bandwidth, noAdapt, dilation, runs, threads, json,
        };
        var security = new ClientSecurityOptions();
        security.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            int n = CommonOptions.Positive(r.GetValue(frames), "--frames");
            int t = CommonOptions.Positive(r.GetValue(threads), "--threads");
            var spec = DeploymentSpec.Load(r.GetValue(specArg)!);
            if (r.GetValue(bandwidth) is { } bw)
            {
                if (!Bandwidth.TryParse(bw, out var b) || b.BitsPerSecond <= 0)
                    throw new UsageException($"--bandwidth '{bw}' is not a positive bandwidth; write e.g. {Bandwidth.Examples}");
                spec = spec.WithDeviceBandwidth(b);
            }
            // app.privacy.features is applied on the device (Net's CrossingNoise) on every plan path that offloads through
            // its agent; the two paths that do not go through it refuse the knob rather than run without noise.
            if (spec.App.FeaturePrivacy is not null && spec.App.Exits is not null)
                throw new InputException($"{spec.Source}: app.privacy.features is not applied with app.exits; remove one of the two");
            if (spec.App.FeaturePrivacy is not null && spec.Topology.Helpers.Count >= 2)
                throw new InputException($"{spec.Source}: app.privacy.features is not applied to input-wise tiles on helper nodes; remove it or the helpers");
            var edges = r.GetValue(edge) ?? [];
            if (r.GetValue(cut) is not null)
            {
                if (r.GetValue(plan) is not null) throw new UsageException("--cut and --plan both choose the plan; give one of them");
                if (spec.App.Moves.Count > 0 || spec.App.Exits is not null || spec.App.Variants.Count > 0 || spec.Topology.Helpers.Count >= 2)
                    throw new UsageException("--cut splits one model between device and edge; it is not supported with app.moves, app.exits, app.variants or helper nodes");
            }
            if (spec.App.Moves.Count > 0)
                return await RunMovingAsync(r, spec, zoo, edges, n, t, ct, security);
            if (edges.Length > 1)
                throw new UsageException("--edge is given more than once; a spec without app.moves runs one edge node");
            var given = new Dictionary<Tier, string>();
            if (edges.Length == 1) given[Tier.Edge] = CheckUrl(edges[0], "--edge");
            if (r.GetValue(cloud) is { } c) given[Tier.Cloud] = CheckUrl(c, "--cloud");

            Recording.SpecNodes.CheckProviders(spec); // every path below creates sessions on the nodes' providers
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            if (spec.App.Exits is not null)
            {
                if (r.GetValue(dilation) is not null)
                    throw new UsageException("--dilation is not supported for specs with app.exits (their tiers run undilated); drop it");
                var tiered = await TieredRunView.RunAsync(console, spec, zoo, n, t, given, ct, security.Read(r));
                if (!JsonOutput.ToStdout(jsonPath)) TieredRunView.Render(console, tiered);
                JsonOutput.Write(TieredRunView.Document(spec, tiered), jsonPath);
                return 0;
            }
            var settings = new SpecRunSettings(n, r.GetValue(plan), !r.GetValue(noAdapt), t, given)
            {
                Security = security.Read(r), Dilation = r.GetValue(dilation), Cut = r.GetValue(cut),
            };
            SpecRun.Dilation(spec, given, settings.Dilation); // a bad --dilation is refused before anything starts
            var profileOptions = new ProfileOptions { Runs = CommonOptions.Positive(r.GetValue(runs), "--runs"), Threads = t };
            if (spec.App.Variants.Count > 0)
            {
                // Model selection: run the chosen variant under its chosen placement (no re-planning across variants).
                var variants = await VariantsView.LoadAsync(console, spec, zoo, profileOptions, ct);
                // Nodes first, so the selection's predictions carry the RPC stack's measured cost as the run's do.
                await using var nodes = await LocalNodes.StartAsync(spec.Topology, given, t, ct, settings.Security, SpecRun.Dilation(spec, given, settings.Dilation));
                var transport = await TransportCalibration.MeasureForDeviceAsync(spec.Topology, nodes.Urls, ct, settings.Security);
                var selection = SpecVariants.Select(spec, variants, PlanningOptions.From(spec.App) with { Message = transport });
                if (!JsonOutput.ToStdout(jsonPath)) VariantsView.Render(console, selection);
                var chosen = selection.Chosen;
                var chosenSpec = SpecVariants.WithVariant(spec, chosen.Variant.Name);
                var run = await RunView.RunAsync(console, chosenSpec, chosen.Variant.Graph, chosen.Variant.Profile,
                    settings with { Plan = chosen.Plan.Name, Adapt = false }, ct, nodes, transport);
                if (!JsonOutput.ToStdout(jsonPath)) RunView.Render(console, chosenSpec, run);
                JsonOutput.Write(new { Selection = VariantsView.Document(selection), Run = RunJson.From(run, chosenSpec) }, jsonPath);
                return 0;
            }
            var graph = SpecModel.Load(spec, zoo);
            Recording.RunCapture.NoteModel(graph);
            var profile = Ui.WithProgress(console, $"profiling {graph.Source}", p => ProfileCache.Get(graph, profileOptions, out _, p));
            spec = Recording.SpecNodes.Resolve(spec, graph, profile, r.GetValue<string?>("--db"));
            if (spec.App.Stream is not null)
            {
                var setup = await StreamGateRun.PrepareAsync(spec, graph, n, t, ct);
                var live = await RunView.RunAsync(console, spec, graph, profile,
                    settings with { Frames = setup.Stream.Count, Inputs = StreamGateRun.Inputs(graph, setup.Stream), ReuseGate = setup.Gate }, ct);
                var gate = StreamGateRun.Score(setup, live);
                if (!JsonOutput.ToStdout(jsonPath)) { StreamGateView.Render(console, gate); RunView.Render(console, spec, live); }
                JsonOutput.Write(new { Stream = StreamGateView.Document(gate), Run = RunJson.From(live, spec) }, jsonPath);
                return 0;
            }
            if (await InputWiseView.TryRunAsync(console, spec, graph, profile, settings, jsonPath, ct)) return 0;
            var report = await RunView.RunAsync(console, spec, graph, profile, settings, ct);
            if (!JsonOutput.ToStdout(jsonPath)) RunView.Render(console, spec, report);
            JsonOutput.Write(RunJson.From(report, spec), jsonPath);
            return 0;
        });
        return command;
    }

    /// <summary>A spec with app.moves: its edge nodes are one cluster's edge servers (given, else started here), see <see cref="Cluster.Moves.MovingRun"/>.</summary>
    private static async Task<int> RunMovingAsync(ParseResult r, DeploymentSpec spec, ModelZoo zoo, string[] edges, int frames, int threads,
        CancellationToken ct, ClientSecurityOptions security)
    {
        foreach (var flag in new[] { "--cloud", "--dilation" })
            if (r.GetResult(flag) is OptionResult { Implicit: false })
                throw new UsageException($"{flag} is not supported for specs with app.moves (edge servers only, computing at their own pace); drop it");
        var urls = MovesView.EdgeUrls(edges);
        Cluster.Moves.MovingRun.Check(spec, urls);
        Recording.SpecNodes.CheckProviders(spec);
        var jsonPath = r.GetValue<string?>("--json");
        var console = Ui.For(jsonPath);
        var graph = SpecModel.Load(spec, zoo);
        Recording.RunCapture.NoteModel(graph);
        var profileOptions = new ProfileOptions { Runs = CommonOptions.Positive(r.GetValue<int>("--runs"), "--runs"), Threads = threads };
        var profile = Ui.WithProgress(console, $"profiling {graph.Source}", p => ProfileCache.Get(graph, profileOptions, out _, p));
        spec = Recording.SpecNodes.Resolve(spec, graph, profile, r.GetValue<string?>("--db"));
        var settings = new Cluster.Moves.MovingRunSettings(frames, r.GetValue<string?>("--plan"), threads, urls) { Security = security.Read(r) };
        var report = await MovesView.RunAsync(console, spec, graph, profile, settings, ct);
        if (!JsonOutput.ToStdout(jsonPath)) MovesView.Render(console, report);
        JsonOutput.Write(MovesView.Document(spec, report), jsonPath);
        return 0;
    }

    private static string CheckUrl(string url, string flag) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? url
            : throw new UsageException($"{flag} '{url}' is not of the form http://HOST:PORT or https://HOST:PORT");
}
