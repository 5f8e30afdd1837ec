using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Net.Execution;
using Verge.Net.Running;

namespace Verge.Cli.Commands;

/// <summary><c>verge plan SPEC</c>: profile the spec's model, run every planner, show the candidates and the choice.</summary>
internal static class PlanCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var specArg = new Argument<string>("spec") { Description = "deployment spec (YAML), e.g. examples/resnet18-3g-lte-wifi.yaml" };
        var objective = new Option<string?>("--objective") { Description = "latency | energy (default: the spec's)" };
        CommonOptions.OneOf(objective, "latency", "energy");
        var runs = new Option<int>("--runs") { Description = "timed profiling runs", DefaultValueFactory = _ => 10 };
        var threads = CommonOptions.Threads();
        var bandwidth = new Option<string?>("--bandwidth") { Description = "override the device's link bandwidth, e.g. 1.1Mbps" };
        var frame = new Option<int>("--frame") { Description = "plan for link conditions at this frame (link schedules)", DefaultValueFactory = _ => 0 };
        var json = CommonOptions.Json();
        var noRpc = new Option<bool>("--no-rpc-cost") { Description = "leave the RPC stack's own cost per message out of the predictions (by default it is measured on this host, as verge run measures it on its nodes)" };
        var command = new Command("plan", "Choose where each part of the spec's model runs: device, edge, cloud or split");
        command.Arguments.Add(specArg);
        var db = Recording.ResultsRecording.DbOption();
        foreach (var o in new Option[] { objective, runs, threads, bandwidth, frame, noRpc, json, db }) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (r.GetValue(runs) < 1) throw new UsageException("--runs must be at least 1");
            if (r.GetValue(threads) < 1) throw new UsageException("--threads must be at least 1");
            if (r.GetValue(frame) < 0) throw new UsageException("--frame must not be negative");
            var spec = DeploymentSpec.Load(r.GetValue(specArg)!);
            if (r.GetValue(bandwidth) is { } bw)
            {
                if (!Bandwidth.TryParse(bw, out var b) || b.BitsPerSecond <= 0)
                    throw new UsageException($"--bandwidth '{bw}' is not a positive bandwidth; write e.g. {Bandwidth.Examples}");
                spec = spec.WithDeviceBandwidth(b);
            }
            var options = PlanningOptions.From(spec.App) with { Frame = r.GetValue(frame) };
            if (r.GetValue(objective) is { } obj) options = options with { Objective = Enum.Parse<Objective>(obj, ignoreCase: true) };
            if (options.Objective == Objective.Energy && spec.Topology.Device.Power == PowerModel.None)
                throw new UsageException($"--objective energy needs the power of device '{spec.Topology.Device.Name}'; add power to it in {spec.Source}");

            var target = r.GetValue(json);
            bool quiet = target == "-";
            if (!r.GetValue(noRpc)) options = options with { Message = await HostTransport.MeasureAsync(ct) };
            if (spec.App.Variants.Count > 0)
                return await SelectVariantsAsync(spec, zoo, options, new ProfileOptions { Runs = r.GetValue(runs), Threads = r.GetValue(threads) }, target, ct);
            var graph = SpecModel.Load(spec, zoo);
            var profileOptions = new ProfileOptions { Runs = r.GetValue(runs), Threads = r.GetValue(threads) };
            if (!quiet) Console.Error.WriteLine($"verge: profiling {graph.Source} ({profileOptions.Runs} runs, {profileOptions.Threads} threads) unless cached…");
            var profile = ProfileCache.Get(graph, profileOptions, out bool cached);
            spec = Recording.SpecNodes.Resolve(spec, graph, profile, r.GetValue(db));
            // A spec with app.moves is planned as verge run runs it: for the device and the edge node it starts on.
            var moving = spec.App.Moves.Count > 0;
            var problem = new PlanningProblem(graph, profile, moving ? Cluster.Moves.MovingRun.PlanningTopology(spec) : spec.Topology, options);
            var choice = Planners.Choose(problem, [.. Planners.All(), new InputWisePlanner(bytes: Net.Tiles.U8Frames.PlannerBytes(spec, graph))]);

            if (!quiet) Show(spec, profile, cached, options, choice);
            if (!quiet && moving) ShowMoves(spec);
            if (target is not null) JsonOutput.Write(moving ? WithMoves(Document(spec, profile, cached, options, choice), spec) : Document(spec, profile, cached, options, choice), target);
            return 0;
        });
        return command;
    }

    /// <summary>Model selection: the variant table, the chosen variant × placement and the constraint that bound it.</summary>
    private static async Task<int> SelectVariantsAsync(DeploymentSpec spec, ModelZoo zoo, PlanningOptions options, ProfileOptions profile, string? target, CancellationToken ct)
    {
        var console = Ui.For(target);
        var variants = await VariantsView.LoadAsync(console, spec, zoo, profile, ct);
        var result = SpecVariants.Select(spec, variants, options);
        console.MarkupLine($"[bold]{spec.App.Variants.Count} variants[/]: objective {options.Objective.ToString().ToLowerInvariant()}" +
            (options.SloLatencyMs is { } slo ? $", SLO {slo:G} ms" : "") + (spec.App.SloMinAccuracy is { } acc ? $", min accuracy {acc:P1}" : ""));
        VariantsView.Render(console, result);
        if (target is not null) JsonOutput.Write(new { Spec = spec.Source, Objective = options.Objective.ToString().ToLowerInvariant(), options.SloLatencyMs,
            MinAccuracy = spec.App.SloMinAccuracy, Selection = VariantsView.Document(result) }, target);
        return 0;
    }

    private static void Show(DeploymentSpec spec, ModelProfile profile, bool cached, PlanningOptions options, PlanChoice choice)
    {
        var links = spec.Topology.AtFrame(options.Frame).Links;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(spec.App.Model)}[/]: {profile.OptimizedMs:F1} ms here ({profile.Threads} threads{(cached ? ", cached profile" : "")}); " +
            $"objective {options.Objective.ToString().ToLowerInvariant()}" + (options.SloLatencyMs is { } slo ? $", SLO {slo:G} ms" : "") +
            $", codec {options.Codec.Name()}; links: {Markup.Escape(string.Join("; ", links))}");
        if (spec.App.FeaturePrivacy is { } fp)
            AnsiConsole.MarkupLine($"privacy: noisy features on what leaves the device (the tensors at the cut, the input under full offload), ε = {fp.Epsilon:G} per inference " +
                $"(Laplace b = 2B/ε, L1 clip B {(fp.Clip is { } b ? $"= {b:G}" : "calibrated on the first frame")}), {fp.Nullification:P0} nullified " +
                "[grey](accuracy and inversion against ε: verge bench noisy-features)[/]");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("plan", "placement", "cut tensors", "latency ms", "energy mJ", "uplink", "SLO");
        foreach (var p in choice.Candidates)
        {
            var name = p == choice.Chosen ? $"[bold green]{Markup.Escape(p.Name)}[/]" : Markup.Escape(p.Name);
            var cuts = string.Join(" | ", p.Cuts.Select(c => c.Count <= 2 ? string.Join(", ", c) : $"{c[0]} +{c.Count - 1}"));
            table.AddRow(name, Markup.Escape(p.Placement), Markup.Escape(cuts.Length == 0 ? "-" : cuts), p.Predicted.LatencyMs.ToString("F1"),
                p.Predicted.DeviceEnergyMj.ToString("F1"), new DataSize(p.Predicted.UplinkBytes).ToString(), p.MeetsSlo ? "yes" : "[red]no[/]");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"chosen: [bold green]{Markup.Escape(choice.Chosen.Name)}[/] ({Markup.Escape(choice.Chosen.Placement)})" +
            (choice.Chosen.MeetsSlo ? "" : " [red]— no candidate meets the SLO[/]"));
        if (options.Message != MessageCost.None)
            AnsiConsole.MarkupLine($"[grey]predictions include the RPC stack's own cost, measured on this host: {Markup.Escape(options.Message.ToString())} (--no-rpc-cost leaves it out)[/]");
    }

    private static void ShowMoves(DeploymentSpec spec) =>
        AnsiConsole.MarkupLine($"moves: {Markup.Escape(string.Join("; ", Cluster.Moves.MovingRun.Schedule(spec)))} " +
            "[grey](the session hands over to the next edge server, which pre-loads the edge stage first; verge run measures each handover)[/]");

    /// <summary>The plan document with the spec's move schedule added (only for specs with app.moves: other documents keep their fields).</summary>
    private static System.Text.Json.Nodes.JsonNode WithMoves(object document, DeploymentSpec spec)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(document, JsonOutput.Options)!;
        node["moves"] = System.Text.Json.JsonSerializer.SerializeToNode(spec.App.Moves.Select(m => new { m.AfterFrames, m.Edge }), JsonOutput.Options);
        return node;
    }

    private static object Document(DeploymentSpec spec, ModelProfile profile, bool cached, PlanningOptions options, PlanChoice choice) => new
    {
        Spec = spec.Source,
        Model = spec.App.Model,
        Objective = options.Objective.ToString().ToLowerInvariant(),
        SloLatencyMs = options.SloLatencyMs,
        Codec = options.Codec.Name(),
        Frame = options.Frame,
        RpcOverhead = new { options.Message.FixedMs, options.Message.MsPerMegabyte },
        Profile = new { profile.WholeMs, profile.OptimizedMs, profile.Threads, profile.Runs, Cached = cached },
        Candidates = choice.Candidates.Select(p => new
        {
            p.Name,
            p.Placement,
            Stages = p.Stages.Select(s => new
            {
                Node = s.Site.Name,
                Tier = s.Site.Tier.ToString().ToLowerInvariant(),
                FromCut = s.Inputs,
                ToCut = s.Outputs,
                GraphNodes = s.GraphNodes,
                s.ComputeMs,
            }),
            Hops = p.Hops.Select(h => new { h.From, h.To, h.Tensors, h.Bytes, h.Ms, h.IsReturn }),
            Predicted = p.Predicted,
            p.MeetsSlo,
        }),
        Chosen = choice.Chosen.Name,
    };
}
