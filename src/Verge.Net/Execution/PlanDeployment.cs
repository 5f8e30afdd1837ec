using Google.Protobuf;
using Verge.Core.Deployment;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Extraction;
using Verge.Inference.Planning;
using Verge.Net.Client;
using Verge.Net.Device;
using Verge.Net.Links;
using Verge.Net.Stages;
using InferenceStage = Verge.Inference.Planning.Stage;
using WireStage = Verge.Net.Stages.StageModel;
using Verge.Net.Wire;

namespace Verge.Net.Execution;

/// <summary>
/// A <see cref="Plan"/> put on real nodes: each stage is extracted as its own ONNX model, remote stages are loaded on
/// their nodes (the last first, so each can point at its successor), and a <see cref="DeviceAgent"/> runs the
/// device's head and offloads the rest. A device-only plan runs locally. Every node computes at its spec'd speed
/// (<see cref="ComputePacer"/>) and every hop is shaped to its spec'd links, both k times slower under time dilation
/// (<see cref="DeploymentOptions.Dilation"/>).
/// </summary>
public sealed class PlanDeployment : IDisposable, IAsyncDisposable
{
    private readonly StageSession? _local;
    private readonly IReadOnlyList<(string Url, string StageId)> _loaded;
    private readonly DeploymentOptions _options;
    private long _frame;

    private PlanDeployment(Plan plan, DeviceAgent? agent, StageSession? local, IReadOnlyList<(string Url, string StageId)> loaded, DeploymentOptions options)
    {
        Plan = plan;
        Agent = agent;
        _local = local;
        _loaded = loaded;
        _options = options;
    }

    public Plan Plan { get; }

    /// <summary>The device agent when the plan offloads anything; null for device-only plans.</summary>
    public DeviceAgent? Agent { get; }

    public static async Task<PlanDeployment> StartAsync(ModelGraph graph, Plan plan, Topology topology,
        IReadOnlyDictionary<string, string> nodeUrls, DeploymentOptions options, CancellationToken ct = default)
    {
        var device = topology.Device;
        var full = graph.ToBytes();
        var head = plan.Stages.FirstOrDefault(s => s.Site.Name == device.Name && s.GraphNodes.Count > 0);
        var remote = plan.Stages.Where(s => s.Site.Name != device.Name && s.GraphNodes.Count > 0).ToList();
        // Every node computes in exactly the time the profile gives it (see ComputePacer), as links take exactly their spec'd time.
        TimeSpan AtSpeedOne(InferenceStage s) => TimeSpan.FromMilliseconds(s.ComputeMs * s.Site.Speed);
        var dilation = options.Dilation;
        if (remote.Count == 0)
            return new PlanDeployment(plan, null, new StageSession(full, intraOpThreads: options.Threads, speed: device.Speed,
                typical: head is null ? null : AtSpeedOne(head), dilation: dilation.Factor, provider: device.Ep), [], options);
        if (head is not null && plan.Stages.ToList().IndexOf(head) > plan.Stages.ToList().IndexOf(remote[0]))
            throw new NotSupportedException($"plan '{plan.Name}' runs device nodes after remote ones; only device-first plans can run");

        string Url(InferenceStage s) => nodeUrls.TryGetValue(s.Site.Name, out var url) ? url
            : throw new Core.Errors.InputException($"no address for node '{s.Site.Name}'; start it with 'verge serve' and pass its URL");
        // Unguessable ids (issue 17): a peer that knows the plan's name cannot call or replace these stages.
        var wire = remote.Select((s, i) => Wire(graph, s, StageIds.Unguessable($"{plan.Name}/{i + 1}")) with { Typical = AtSpeedOne(s) }).ToList();

        // Load from the last remote stage back to the second; the device agent loads the first itself (and again after a reconnect).
        for (int i = remote.Count - 1; i >= 1; i--)
        {
            using var client = NodeClient.Connect(Url(remote[i]), LinkParameters.Unlimited, security: options.Security);
            await client.LoadStageAsync(wire[i], Next(i), ct);
        }

        var agent = await DeviceAgent.StartAsync(new DeviceAgentOptions
        {
            FullModel = full,
            Head = head is null ? null : Wire(graph, head, $"{plan.Name}/device"),
            HeadTypical = head is null ? null : AtSpeedOne(head),
            RemoteUrl = Url(remote[0]),
            RemoteStageId = wire[0].Id,
            RemoteStage = (wire[0], Next(0)),
            Uplink = dilation.Link(PathLink.Between(topology, device.Name, remote[0].Site.Name)),
            Encoding = options.Encoding,
            Threads = options.Threads,
            DeviceSpeed = device.Speed,
            Provider = device.Ep,
            Dilation = dilation.Factor,
            CallTimeout = options.CallTimeout * dilation.Factor, // a call k times as slow is not a dead node
            RetryEveryFrames = options.RetryEveryFrames,
            Security = options.Security,
            ReuseGate = options.ReuseGate?.Invoke(),
        }, ct);
        return new PlanDeployment(plan, agent, null, [.. remote.Select((s, i) => (Url(s), wire[i].Id))], options);

        NextHopSpec? Next(int i) => i + 1 < remote.Count
            ? new NextHopSpec(Url(remote[i + 1]), wire[i + 1].Id, dilation.Link(PathLink.Between(topology, remote[i].Site.Name, remote[i + 1].Site.Name)), options.Encoding)
            : null;
    }

    /// <summary>Follows the device's uplink as it is at <paramref name="topology"/> (a bandwidth schedule).</summary>
    public void FollowUplink(Topology topology)
    {
        if (Agent is null) return;
        var first = Plan.Stages.First(s => s.Site.Name != topology.Device.Name && s.GraphNodes.Count > 0);
        Agent.Link.Parameters = _options.Dilation.Link(PathLink.Between(topology, topology.Device.Name, first.Site.Name));
    }

    public async Task<FrameResult> InferAsync(IReadOnlyList<FloatTensor> inputs, CancellationToken ct = default)
    {
        if (Agent is not null) return await Agent.InferAsync(inputs, ct);
        long start = TimeProvider.System.GetTimestamp();
        var outputs = _local!.Run(inputs);
        var compute = TimeProvider.System.GetElapsedTime(start);
        return new FrameResult(_frame++, outputs, "device", false, [new NodeCompute("device", "full", compute, 0)],
            compute, compute, TimeSpan.Zero, TimeSpan.Zero, 0, 0);
    }

    public void Dispose()
    {
        Agent?.Dispose();
        _local?.Dispose();
    }

    /// <summary>
    /// Unloads the stages this deployment loaded (each has an id of its own, so a re-plan would otherwise leave them on
    /// their nodes), then disposes. Best effort: a node that is gone has nothing left to free.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await StageUnloading.UnloadAsync(_loaded, _options);
        Dispose();
    }

    private static WireStage Wire(ModelGraph graph, InferenceStage stage, string id)
    {
        var extracted = SubmodelExtractor.Extract(graph, new Inference.Graph.Extraction.StageSpec(stage.Inputs, stage.Outputs), id);
        return new WireStage(id, extracted.Model.ToByteArray(), stage.Inputs, stage.Outputs);
    }
}
