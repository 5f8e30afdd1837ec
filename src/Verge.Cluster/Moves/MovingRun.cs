using Google.Protobuf;
using Grpc.Core;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Extraction;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Running;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Cluster.Moves;

/// <summary>
/// `verge run` for a spec with <c>app.moves</c> (§VI-A3): the spec's edge nodes are the edge servers of one Orleans
/// cluster (given by URL, else started here on loopback with a real redis-server). The plan is chosen for the device and
/// its first edge node; the device runs the head and sends each frame to the edge server it is on, and at each move's
/// <c>after_frames</c> asks the next server to take over its session (<see cref="MoveLoop"/>).
/// </summary>
public static class MovingRun
{
    /// <summary>The spec's moves in one line each, e.g. "after frame 40: edge-a → edge-b" (what `verge plan` shows).</summary>
    public static IReadOnlyList<string> Schedule(DeploymentSpec spec)
    {
        var lines = new List<string>();
        var at = spec.Topology.FirstOf(Tier.Edge)?.Name ?? "?";
        foreach (var move in spec.App.Moves)
        {
            lines.Add($"after frame {move.AfterFrames}: {at} → {move.Edge}");
            at = move.Edge;
        }
        return lines;
    }

    /// <summary>Refuses what a moving run cannot do, in one line, before anything starts.</summary>
    public static void Check(DeploymentSpec spec, IReadOnlyDictionary<string, string> edgeUrls)
    {
        var topology = spec.Topology;
        if (topology.Nodes.Any(n => n.Tier == Tier.Cloud))
            throw new InputException($"{spec.Source}: app.moves runs the device and its edge servers only; remove the cloud node(s) {string.Join(", ", topology.Nodes.Where(n => n.Tier == Tier.Cloud).Select(n => n.Name))} or app.moves");
        if (topology.Helpers.Count > 0)
            throw new InputException($"{spec.Source}: app.moves does not run input-wise tiles on helper nodes; remove the helpers or app.moves");
        if (spec.App.Exits is not null || spec.App.Stream is not null || spec.App.Variants.Count > 0 || spec.App.FeaturePrivacy is not null)
            throw new InputException($"{spec.Source}: app.moves is not combined with app.exits, app.stream, app.variants or app.privacy.features yet; remove one of them");
        var edges = topology.Nodes.Where(n => n.Tier == Tier.Edge).Select(n => n.Name).ToList();
        foreach (var name in edges) PathLink.Between(topology, topology.Device.Name, name); // a node without a route is one line now
        foreach (var name in edgeUrls.Keys.Where(k => !edges.Contains(k)))
            throw new UsageException($"--edge {name}=URL: '{name}' is not an edge node of {spec.Source}; use one of {string.Join(", ", edges)}");
        if (edgeUrls.Count > 0 && edges.FirstOrDefault(e => !edgeUrls.ContainsKey(e)) is { } missing)
            throw new UsageException($"--edge gives no URL for edge node '{missing}'; give every edge node as --edge NAME=URL, or none to start a local cluster");
    }

    public static async Task<MovingRunReport> RunAsync(DeploymentSpec spec, ModelGraph graph, ModelProfile profile, MovingRunSettings settings,
        IProgress<int>? progress, CancellationToken ct)
    {
        Check(spec, settings.EdgeUrls);
        var plan = Choose(spec, graph, profile, settings.Plan);
        var device = spec.Topology.Device;
        var remote = plan.Stages.Where(s => s.Site.Name != device.Name && s.GraphNodes.Count > 0).ToList();
        if (remote.Count == 0)
            throw new InputException($"plan '{plan.Name}' runs every layer on the device, so there is no session to move; pick an offloading candidate with --plan (see verge plan {spec.Source})");
        if (remote.Count > 1)
            throw new InputException($"plan '{plan.Name}' runs {remote.Count} remote stages; app.moves hands over one edge stage, pick another candidate with --plan");
        var head = plan.Stages.FirstOrDefault(s => s.Site.Name == device.Name && s.GraphNodes.Count > 0);
        var inputs = await FrameInputs.CreateAsync(spec.App.Input, graph, spec.Source, ct);

        await using var local = settings.EdgeUrls.Count == 0
            ? await LocalEdgeCluster.StartAsync(spec.Topology.Nodes.Where(n => n.Tier == Tier.Edge), settings.Threads, ct) : null;
        var urls = local?.Urls ?? settings.EdgeUrls;
        // A session of its own per run: a cluster given by URL keeps sessions in Redis, and an old run's answered frames
        // must never answer this run's frames.
        var session = $"{device.Name}-{Guid.NewGuid():N}"[..(device.Name.Length + 13)];
        var connections = spec.Topology.Nodes.Where(n => n.Tier == Tier.Edge).ToDictionary(n => n.Name,
            n => new EdgeConnection(n.Name, urls[n.Name], PathLink.Between(spec.Topology, device.Name, n.Name), session, settings.Security), StringComparer.Ordinal);
        try
        {
            foreach (var c in connections.Values) await PingAsync(c, ct);
            var edgeStage = Extract(graph, remote[0], StageIds.Unguessable($"{plan.Name}/moving"));
            using var headSession = head is null ? null : new StageSession(Extract(graph, head, $"{plan.Name}/device").Model, head.Inputs, head.Outputs, settings.Threads);
            using var reference = new StageSession(graph.ToBytes(), intraOpThreads: settings.Threads);
            var loop = new MoveLoop(spec, connections, session, edgeStage, headSession, reference, TensorEncoding.Of(spec.App.Codec), settings.PreloadLead);
            var (frames, handovers) = await loop.RunAsync(settings.Frames, inputs, progress, ct);
            await Task.WhenAll(loop.Loaded.Select(c => c.UnloadAsync(edgeStage.Id)));
            return new MovingRunReport(graph.Source, plan.Name, plan.Placement, session, local is not null, frames, handovers)
            {
                MovesNotReached = loop.NotReached,
                FramesComputedTwice = local is null ? null : (await local.CountsAsync(session)).Values.Count(c => c.Duplicated),
            };
        }
        finally
        {
            foreach (var c in connections.Values) c.Dispose();
        }
    }

    /// <summary>
    /// What a moving run plans over: the device and the edge node it starts on, with the links between them. Every edge
    /// server then runs the same edge stage, so the plan is the device's, wherever it is served from.
    /// </summary>
    public static Topology PlanningTopology(DeploymentSpec spec)
    {
        var topology = spec.Topology;
        var device = topology.Device;
        var first = topology.FirstOf(Tier.Edge) ?? throw new InputException($"{spec.Source}: app.moves needs edge nodes");
        return new Topology([device, first], [.. topology.Links.Where(l => l.Connects(device.Name, first.Name))]);
    }

    /// <summary>The plan for the device and its first edge node (the others serve the same stage after each move).</summary>
    public static Plan Choose(DeploymentSpec spec, ModelGraph graph, ModelProfile profile, string? name)
    {
        var choice = Planners.Choose(new PlanningProblem(graph, profile, PlanningTopology(spec).AtFrame(0), PlanningOptions.From(spec.App)));
        return name is null ? choice.Chosen
            : choice.Candidates.FirstOrDefault(c => c.Name == name)
              ?? throw new InputException($"plan '{name}' is not a candidate; candidates: {string.Join(", ", choice.Candidates.Select(c => c.Name))}") { Term = "plan" };
    }

    private static async Task PingAsync(EdgeConnection edge, CancellationToken ct)
    {
        try
        {
            await edge.PingAsync(ct);
        }
        catch (RpcException e)
        {
            throw new InputException($"cannot reach edge server '{edge.Node}' at {edge.Url} ({MoveLoop.Why(e)}); is verge serve --cluster running there?", e);
        }
    }

    private static StageModel Extract(ModelGraph graph, Inference.Planning.Stage stage, string id)
    {
        var extracted = SubmodelExtractor.Extract(graph, new StageSpec(stage.Inputs, stage.Outputs), id);
        return new StageModel(id, extracted.Model.ToByteArray(), stage.Inputs, stage.Outputs);
    }
}
