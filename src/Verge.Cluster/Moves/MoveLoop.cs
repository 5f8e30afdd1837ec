using System.Diagnostics;
using System.Numerics.Tensors;
using Grpc.Core;
using Verge.Cluster.Protos;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Core.Statistics;
using Verge.Net.Execution;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Cluster.Moves;

/// <summary>
/// The device's frames across its moves. A move to edge server B after N frames: <see cref="MovingRunSettings.PreloadLead"/>
/// frames before, B loads the stage and runs one warm-up frame under a scratch session while the frames go on to A; at
/// frame N the device asks B to take its session over (the Handover RPC: the grain migrates live with its state) and
/// keeps sending to A — the session answers wherever it is — until B says the session lives there; the next frame goes
/// to B. Each frame is sent once, with its frame id, so none is lost and none computed twice.
/// </summary>
internal sealed class MoveLoop(DeploymentSpec spec, IReadOnlyDictionary<string, EdgeConnection> edges, string session, StageModel stage,
    StageSession? head, StageSession reference, TensorEncoding encoding, int lead)
{
    // Generous: a loaded host or a migrating grain is slow, not dead; a dead server still fails within the minute.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly List<MovedFrame> frames = [];
    private readonly List<HandoverRecord> handovers = [];

    /// <summary>Moves the frames ran out before: their after_frames lies past the run, or an earlier handover was still running.</summary>
    public IReadOnlyList<MoveSpec> NotReached { get; private set; } = [];

    /// <summary>The edge servers the stage was loaded on (unloaded after the run).</summary>
    public List<EdgeConnection> Loaded { get; } = [];

    public async Task<(List<MovedFrame> Frames, List<HandoverRecord> Handovers)> RunAsync(int count, Func<int, IReadOnlyList<FloatTensor>> inputs,
        IProgress<int>? progress, CancellationToken ct)
    {
        var device = spec.Topology.Device.Name;
        var current = edges[spec.Topology.FirstOf(Core.Deployment.Tier.Edge)!.Name];
        await Guard(current, "loading the stage", () => current.LoadAsync(stage, ct));
        Loaded.Add(current);
        int next = 0, since = 0, preloadStart = -1;
        Task<double>? preload = null;
        Task<(HandoverReply Reply, double Ms)>? handover = null;
        for (var f = 0; f < count; f++)
        {
            var move = next < spec.App.Moves.Count ? spec.App.Moves[next] : null;
            var target = move is null ? null : edges[move.Edge];
            if (handover is { IsCompleted: true })
            {
                var done = await Guard(target!, "the pre-load and handover", () => handover);
                Switch(current, target!, move!, preloadStart, since, await preload!, done, f);
                (current, since, preload, handover, next) = (target!, f, null, null, next + 1);
                move = next < spec.App.Moves.Count ? spec.App.Moves[next] : null;
                target = move is null ? null : edges[move.Edge];
            }
            var feed = inputs(f);
            var crossing = head is null ? feed : head.Run(feed);
            var request = new InferRequest { StageId = stage.Id, FrameId = f };
            foreach (var t in crossing) request.Inputs.Add(TensorCodec.Encode(t, encoding));
            if (move is not null && preload is null && f >= move.AfterFrames - lead)
            {
                var warm = request.Clone();
                warm.FrameId = -1;
                (preload, preloadStart) = (PreloadAsync(target!, warm, ct), f);
            }
            if (move is not null && handover is null && f >= move.AfterFrames)
                handover = HandoverAsync(preload!, target!, ct);
            foreach (var c in edges.Values) c.Link.Parameters = PathLink.Between(spec.Topology.AtFrame(f), device, c.Node);
            frames.Add(await SendAsync(current, request, feed, f, ct));
            progress?.Report(f + 1);
        }
        if (handover is not null)
        {
            // The frames ran out while the session moved: the move is reported, with no frame on the new server.
            var target = edges[spec.App.Moves[next].Edge];
            var done = await Guard(target, "the pre-load and handover", () => handover);
            Switch(current, target, spec.App.Moves[next], preloadStart, since, await preload!, done, null);
        }
        NotReached = [.. spec.App.Moves.Skip(handovers.Count)];
        return (frames, [.. handovers.Select(h => h with
        {
            FirstFrameMs = h.FirstFrame is { } first ? frames[first].TotalMs : null,
            AffectedMaxMs = h.FramesAffected == 0 ? null : frames.Skip(h.AfterFrames).Take(h.FramesAffected).Max(x => x.TotalMs),
        })]);
    }

    private async Task<double> PreloadAsync(EdgeConnection target, InferRequest warm, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // A server the device was on before still holds the stage (it is unloaded after the run): warm it only.
        if (!Loaded.Contains(target))
        {
            await target.LoadAsync(stage, ct);
            Loaded.Add(target);
        }
        // ONNX Runtime's first run and the server's channels warm up here, so no frame of the device pays for them.
        await target.InferAsScratchAsync(warm, $"{session}-warmup-{target.Node}", CallTimeout, ct);
        return clock.Elapsed.TotalMilliseconds;
    }

    private async Task<(HandoverReply, double)> HandoverAsync(Task<double> preload, EdgeConnection target, CancellationToken ct)
    {
        await preload;
        var clock = Stopwatch.StartNew();
        var reply = await target.HandoverAsync(session, stage.Id, CallTimeout, ct);
        return (reply, clock.Elapsed.TotalMilliseconds);
    }

    private void Switch(EdgeConnection from, EdgeConnection to, MoveSpec move, int preloadStart, int since, double preloadMs,
        (HandoverReply Reply, double Ms) done, int? first)
    {
        // Steady state on the old server: its frames after the first, before the pre-load began.
        var steady = frames.Where(x => x.Frame > since && x.Frame < preloadStart && x.Edge == from.Node).Select(x => x.TotalMs).ToArray();
        handovers.Add(new HandoverRecord(from.Node, to.Node, move.AfterFrames, preloadStart, preloadMs, done.Ms, done.Reply.MigrateMs,
            done.Reply.PreviousSilo, done.Reply.Silo, done.Reply.RememberedFrames, FramesAffected: (first ?? frames.Count) - move.AfterFrames,
            first, FirstFrameMs: null, SteadyMs: steady.Length == 0 ? 0 : Stats.Percentile(steady, 50)));
    }

    private async Task<MovedFrame> SendAsync(EdgeConnection edge, InferRequest request, IReadOnlyList<FloatTensor> feed, int f, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (reply, silo, repeated) = await Guard(edge, $"frame {f}", () => edge.InferAsync(request, CallTimeout, ct));
        var ms = clock.Elapsed.TotalMilliseconds;
        var outputs = reply.Outputs.Select(TensorCodec.Decode).ToList();
        double worst = 0;
        bool top1 = true;
        foreach (var e in reference.Run(feed))
        {
            var actual = outputs.FirstOrDefault(o => o.Name == e.Name)?.Data
                ?? throw new InputException($"edge server '{edge.Node}' answered frame {f} without output '{e.Name}'; is it a Verge edge server?");
            double scale = 1e-12;
            foreach (var v in e.Data) scale = Math.Max(scale, Math.Abs(v));
            for (var i = 0; i < e.Data.Length; i++) worst = Math.Max(worst, Math.Abs(e.Data[i] - actual[i]) / scale);
            top1 &= TensorPrimitives.IndexOfMax<float>(e.Data) == TensorPrimitives.IndexOfMax<float>(actual);
        }
        var answer = outputs.Count == 0 ? -1 : TensorPrimitives.IndexOfMax<float>(outputs[0].Data);
        return new MovedFrame(f, edge.Node, silo, ms, repeated, worst, top1, answer);
    }

    /// <summary>A server that fails or dies mid-run is the user's cluster, not a bug: one line, exit 3.</summary>
    private static async Task<T> Guard<T>(EdgeConnection edge, string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw new InputException($"edge server '{edge.Node}' at {edge.Url} failed during {what} ({Why(e)}); check that verge serve --cluster runs there, in the same cluster as the others, and run again", e);
        }
    }

    internal static string Why(RpcException e) =>
        Net.Security.SecurityRefusal.Describe(e) ?? (e.Status.DebugException?.Message ?? e.Status.Detail).ReplaceLineEndings(" ").TrimEnd('.');
}
