using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Learning.EarlyExit;
using Verge.Net.Client;
using Verge.Net.Execution;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Exits;

/// <summary>
/// Hierarchical exits across tiers (DDNN, Teerapittayanon et al., ICDCS 2017; Edgent, Li et al., 2018): the device
/// runs the model up to exit 1 and answers confident frames itself; the others send only the continuing features to
/// the edge, which answers at exit 2 or forwards to the cloud for the final exit. One stage per exit
/// (<see cref="ExitStages"/>), one site per stage, every hop shaped to the spec's links.
/// </summary>
public sealed class TieredExitDeployment : IDisposable, IAsyncDisposable
{
    private readonly IReadOnlyList<ExitStage> _stages;
    private readonly IReadOnlyList<Node> _sites;
    private readonly StageSession _device;
    private readonly StageExit? _deviceExit;
    private readonly NodeClient? _remote;
    private readonly DeploymentOptions _options;
    private readonly string _firstRemoteId;
    private readonly IReadOnlyList<(string Url, string StageId)> _loaded;
    private long _frame;
    // What an edge-only request would name: an id of the same shape as the real ones, so the comparison is fair.
    private static readonly string OffloadStageId = StageIds.Unguessable("edge-only/1");

    private TieredExitDeployment(IReadOnlyList<ExitStage> stages, IReadOnlyList<Node> sites, StageSession device, StageExit? deviceExit,
        NodeClient? remote, DeploymentOptions options, string firstRemoteId, IReadOnlyList<(string Url, string StageId)> loaded)
    {
        _loaded = loaded;
        (_stages, _sites, _device, _deviceExit, _remote, _options, _firstRemoteId) = (stages, sites, device, deviceExit, remote, options, firstRemoteId);
    }

    /// <summary>The exits in order (exit1, …, final) and the site of each.</summary>
    public IReadOnlyList<(string Exit, string Site)> Tiers => _stages.Select((s, k) => (s.Exit, _sites[k].Name)).ToList();

    /// <summary>The device's uplink, whose counters give the bytes sent up.</summary>
    public EmulatedLink? Uplink => _remote?.Link;

    /// <param name="sites">One node per exit, the device first (e.g. phone, edge, cloud for exit1, exit2, final).</param>
    /// <param name="policy">One threshold per early exit.</param>
    public static async Task<TieredExitDeployment> StartAsync(ModelGraph graph, IReadOnlyList<Node> sites, ExitPolicy policy, Topology topology,
        IReadOnlyDictionary<string, string> nodeUrls, DeploymentOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DeploymentOptions();
        var stages = ExitStages.Split(graph);
        if (sites.Count != stages.Count)
            throw new InputException($"'{graph.Source}' has {stages.Count} exits ({string.Join(", ", stages.Select(s => s.Exit))}) but {sites.Count} tiers were given; give one node per exit");
        if (sites[0].Tier != Tier.Device)
            throw new InputException($"the first exit runs on the device, but '{sites[0].Name}' is a {sites[0].Tier.ToString().ToLowerInvariant()} node");
        if (policy.Thresholds.Count != stages.Count - 1)
            throw new InputException($"'{graph.Source}' has {stages.Count - 1} early exits but {policy.Thresholds.Count} thresholds were given; give one per early exit");

        StageExit? ExitOf(int k) => k + 1 < stages.Count ? new StageExit(stages[k].Exit, policy.Measure, policy.Thresholds[k]) : null;
        string Url(int k) => nodeUrls.TryGetValue(sites[k].Name, out var url) ? url
            : throw new InputException($"no address for node '{sites[k].Name}'; start it with 'verge serve' and pass its URL");
        // Unguessable ids (issue 17), fixed once so each stage's predecessor names the id it was loaded under.
        var ids = stages.Select((s, k) => StageIds.Unguessable($"tiers/{k + 1}/{s.Exit}")).ToArray();
        StageModel Wire(int k) => new(ids[k], stages[k].Model, stages[k].Inputs, stages[k].Outputs);

        // Load from the top tier down, so each stage can point at the one above it.
        for (int k = stages.Count - 1; k >= 1; k--)
        {
            var next = k + 1 < stages.Count
                ? new NextHopSpec(Url(k + 1), Wire(k + 1).Id, PathLink.Between(topology, sites[k].Name, sites[k + 1].Name), options.Encoding)
                : null;
            using var client = NodeClient.Connect(Url(k), LinkParameters.Unlimited, security: options.Security);
            await client.LoadStageAsync(Wire(k), next, ExitOf(k), ct);
        }

        var device = new StageSession(stages[0].Model, stages[0].Inputs, stages[0].Outputs, options.Threads, sites[0].Speed, provider: sites[0].Ep);
        NodeClient? remote = null;
        try
        {
            if (stages.Count > 1)
                remote = NodeClient.Connect(Url(1), PathLink.Between(topology, sites[0].Name, sites[1].Name), security: options.Security);
            return new TieredExitDeployment(stages, sites, device, ExitOf(0), remote, options, ids.Length > 1 ? ids[1] : "",
                [.. Enumerable.Range(1, stages.Count - 1).Select(k => (Url(k), ids[k]))]);
        }
        catch
        {
            device.Dispose();
            remote?.Dispose();
            throw;
        }
    }

    public async Task<TieredFrameResult> InferAsync(IReadOnlyList<FloatTensor> inputs, CancellationToken ct = default)
    {
        long frame = _frame++;
        long start = TimeProvider.System.GetTimestamp();
        var outputs = _device.Run(inputs);
        if (_remote is null || (_deviceExit?.Leaves(outputs) ?? false))
            return new TieredFrameResult(frame, 0, _stages[0].Exit, _sites[0].Name, outputs[0], 0, TimeProvider.System.GetElapsedTime(start));

        var request = new InferRequest { StageId = _firstRemoteId, FrameId = frame };
        foreach (var t in outputs.Skip(1))
            request.Inputs.Add(TensorCodec.Encode(t, _options.Encoding));
        long sent = _remote.Link.BytesSent;
        var reply = await _remote.InferAsync(request, _options.CallTimeout, ct);
        long up = _remote.Link.BytesSent - sent;

        int exit = string.IsNullOrEmpty(reply.ExitedAt) ? _stages.Count - 1 : _stages.ToList().FindIndex(s => s.Exit == reply.ExitedAt);
        if (exit < 0) throw new InvalidOperationException($"a node answered at unknown exit '{reply.ExitedAt}'");
        var logits = TensorCodec.Decode(reply.Outputs.Single());
        return new TieredFrameResult(frame, exit, _stages[exit].Exit, _sites[exit].Name, logits, up, TimeProvider.System.GetElapsedTime(start));
    }

    /// <summary>
    /// What the device would send to offload <paramref name="inputs"/> whole (edge-only / cloud-only), counted as the
    /// link counts it: the gRPC frame (5-byte prefix + protobuf) of the request carrying them.
    /// </summary>
    public long OffloadBytes(IReadOnlyList<FloatTensor> inputs)
    {
        var request = new InferRequest { StageId = OffloadStageId, FrameId = _frame };
        foreach (var t in inputs)
            request.Inputs.Add(TensorCodec.Encode(t, _options.Encoding));
        return 5 + request.CalculateSize();
    }

    /// <summary>Unloads the stages it loaded (their ids are its own, so nothing else would replace them), then disposes.</summary>
    public async ValueTask DisposeAsync()
    {
        await StageUnloading.UnloadAsync(_loaded, _options);
        Dispose();
    }

    public void Dispose()
    {
        _remote?.Dispose();
        _device.Dispose();
    }
}
