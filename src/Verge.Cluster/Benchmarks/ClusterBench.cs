using System.Diagnostics;
using Verge.Cluster.Hosting;
using Verge.Cluster.Protos;
using Verge.Core.Statistics;
using Verge.Net.Protos;

namespace Verge.Cluster.Benchmarks;

/// <summary>
/// `verge bench cluster` (issue 15): real `verge serve --cluster` processes on loopback with a real redis-server.
/// Sessions served against silos (1–3); a silo process killed mid-stream (frames lost, frames computed twice — counted
/// by the stages in Redis —, time to resume); every device moving to another edge server mid-stream (handover time,
/// first frame on the new server against steady state). Each run starts a fresh Redis and fresh silos.
/// </summary>
public static class ClusterBench
{
    public static async Task<ClusterBenchReport> RunAsync(ClusterBenchOptions options, Func<IReadOnlyList<string>, ProcessStartInfo> launch,
        Action<string> log, CancellationToken ct)
    {
        var scaling = new List<ScalingCase>();
        foreach (var silos in options.SiloCounts)
        {
            log($"scaling: {options.Devices} devices × {options.Frames} frames on {silos} silo(s)");
            scaling.Add(await ScalingAsync(options, silos, launch, ct));
        }
        log($"failover: 3 silos, the silo of device 0 killed at its frame {options.KillFrame}");
        var failover = await FailoverAsync(options, launch, ct);
        log($"handover: every device moves to another edge server after {options.MoveAfterFrames} frames");
        var handover = await HandoverAsync(options, launch, ct);
        return new ClusterBenchReport(options, scaling, failover, handover, Acceptance(failover, handover));
    }

    private static async Task<ScalingCase> ScalingAsync(ClusterBenchOptions o, int silos, Func<IReadOnlyList<string>, ProcessStartInfo> launch, CancellationToken ct)
    {
        await using var cluster = await BenchCluster.StartAsync(silos, launch, ct);
        var devices = cluster.Devices(o.Devices, o.MaxAttempts);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(devices.Select(d => Task.Run(async () =>
        {
            for (var f = 0; f < o.Frames; f++) await d.SendAsync(f, ct);
        }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        var latencies = devices.SelectMany(d => d.LatenciesMs).ToArray();
        var perSilo = cluster.Edges.Select(e => devices.Count(d => d.LastSilo == e.Name)).ToList();
        long frames = (long)o.Devices * o.Frames;
        return new ScalingCase(silos, o.Devices, frames, seconds, frames / seconds, Percentile(latencies, 50), Percentile(latencies, 99), perSilo);
    }

    private static async Task<FailoverResult> FailoverAsync(ClusterBenchOptions o, Func<IReadOnlyList<string>, ProcessStartInfo> launch, CancellationToken ct)
    {
        await using var cluster = await BenchCluster.StartAsync(3, launch, ct);
        var devices = cluster.Devices(o.Devices, o.MaxAttempts);
        var midStream = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var streams = devices.Select(d => Task.Run(async () =>
        {
            for (var f = 0; f < o.Frames; f++)
            {
                if (d.Index == 0 && f == o.KillFrame) midStream.TrySetResult();
                await d.SendAsync(f, ct);
            }
        }, ct)).ToArray();
        await Task.WhenAny(midStream.Task, Task.WhenAll(streams));
        // Devices whose session lives on edge 0 (placed where they first called) are the ones the kill affects.
        var affected = devices.Where(d => d.Edge == 0).ToList();
        var killedAt = Stopwatch.GetTimestamp();
        cluster.Edges[0].Kill();
        await Task.WhenAll(streams);
        var resume = affected.Where(d => d.ResumedAt > killedAt)
            .Select(d => Stopwatch.GetElapsedTime(killedAt, d.ResumedAt).TotalSeconds).DefaultIfEmpty(0).Max();
        var counts = await ComputationLedger.ReadAsync(cluster.Redis.Address);
        return new FailoverResult(3, devices.Sum(d => d.Sent), devices.Sum(d => d.Lost), counts.Values.Count(c => c.Duplicated),
            counts.Values.Count(c => c.Recomputed), devices.Sum(d => d.Retries), affected.Count, resume, counts.Values.Sum(c => c.Computed));
    }

    private static async Task<HandoverResult> HandoverAsync(ClusterBenchOptions o, Func<IReadOnlyList<string>, ProcessStartInfo> launch, CancellationToken ct)
    {
        // Every device starts on edge A; only A holds the stage until the first device gets close to its move.
        await using var cluster = await BenchCluster.StartAsync(2, launch, ct, loadOn: 1);
        var devices = cluster.Devices(o.Devices, o.MaxAttempts);
        foreach (var d in devices) d.Edge = 0;
        var preload = new Lazy<Task<LoadStageReply>>(() => PreloadAsync(cluster.Edges[1], ct));
        var lead = Math.Min(10, o.MoveAfterFrames);
        var handovers = new List<(double HandoverMs, double MigrateMs, double FirstMs, int Remembered, string Silo)>();
        var steady = new List<double>();
        await Task.WhenAll(devices.Select(d => Task.Run(async () =>
        {
            for (var f = 0; f < o.Frames; f++)
            {
                // The new server pre-loads the stage while this device's frames still flow to A.
                if (f == o.MoveAfterFrames - lead) _ = preload.Value;
                if (f == o.MoveAfterFrames)
                {
                    await preload.Value;
                    var start = Stopwatch.GetTimestamp();
                    var request = new HandoverRequest { Device = d.Id, StageIds = { BenchStage.Id } };
                    var reply = await new EdgeSessionService.EdgeSessionServiceClient(cluster.Edges[1].Channel).HandoverAsync(request, cancellationToken: ct);
                    var handoverMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    d.Edge = 1;
                    var first = await d.SendAsync(f, ct);
                    lock (handovers) handovers.Add((handoverMs, reply.MigrateMs, first ?? double.NaN, reply.RememberedFrames, d.LastSilo ?? ""));
                    continue;
                }
                var ms = await d.SendAsync(f, ct);
                if (f < o.MoveAfterFrames && f >= lead && ms is { } v) lock (steady) steady.Add(v);
            }
        }, ct)));
        var counts = (await ComputationLedger.ReadAsync(cluster.Redis.Address)).Where(c => !c.Key.StartsWith(WarmUpDevice, StringComparison.Ordinal)).ToList();
        var h = handovers.Select(x => x.HandoverMs).ToArray();
        var first = handovers.Select(x => x.FirstMs).Where(double.IsFinite).ToArray();
        // What migrates: the answered frames the session remembers (one [1, Width] float reply each, plus framing).
        var stateKiB = handovers.Count == 0 ? 0 : handovers.Average(x => x.Remembered) * (BenchStage.Width * 4 + 64) / 1024.0;
        return new HandoverResult(devices.Sum(d => d.Sent), devices.Sum(d => d.Lost), counts.Count(c => c.Value.Duplicated),
            Percentile(h, 50), h.DefaultIfEmpty(0).Max(), Percentile([.. handovers.Select(x => x.MigrateMs)], 50), Percentile([.. steady], 50), Percentile(first, 50), first.DefaultIfEmpty(0).Max(),
            preload.IsValueCreated ? (await preload.Value).LoadMs : 0, stateKiB, handovers.Count(x => x.Silo == cluster.Edges[1].Name));
    }

    private const string WarmUpDevice = "warmup-";

    /// <summary>
    /// What the device runtime does before it switches: load the stage on the new server and send one warm-up frame
    /// there under a scratch session, so ONNX Runtime's first run, the server's own channels and a fresh process's
    /// code paths are warm before any real frame depends on them.
    /// </summary>
    private static async Task<LoadStageReply> PreloadAsync(EdgeServerProcess edge, CancellationToken ct)
    {
        var client = new StageService.StageServiceClient(edge.Channel);
        var loaded = await client.LoadStageAsync(BenchStage.Load(), cancellationToken: ct);
        var headers = new Grpc.Core.Metadata { { Edge.SessionRoutingService.DeviceHeader, WarmUpDevice + edge.Name } };
        await client.InferAsync(BenchStage.Frame(0, -1), headers, cancellationToken: ct);
        return loaded;
    }

    private static List<string> Acceptance(FailoverResult f, HandoverResult h) =>
    [
        $"failover: 0 frames lost: {Met(f.FramesLost == 0)} ({f.FramesLost} of {f.FramesSent})",
        $"failover: no answered frame computed twice: {Met(f.FramesDuplicated == 0)} ({f.FramesDuplicated}; {f.Computations} computations for {f.FramesSent} frames: {f.FramesRecomputed} computed again because their first computation died unanswered with the killed silo)",
        $"failover: sessions resumed within 5 s: {Met(f.ResumeSeconds <= 5)} ({f.ResumeSeconds:F2} s, {f.DevicesAffected} devices affected)",
        $"handover: no frame lost or computed twice: {Met(h.FramesLost == 0 && h.FramesDuplicated == 0)} ({h.FramesLost} lost, {h.FramesDuplicated} computed twice)",
        $"handover: first frame on the new server within steady state + the state's transfer: {Met(h.FirstFrameMsP50 <= h.SteadyMsP50 + h.HandoverMsP50)} (p50 {h.FirstFrameMsP50:F1} ms vs steady {h.SteadyMsP50:F1} ms + handover {h.HandoverMsP50:F1} ms; the cold stage load kept off the critical path: {h.StageLoadMs:F1} ms)",
    ];

    private static string Met(bool ok) => ok ? "met" : "NOT met";

    private static double Percentile(double[] values, double p) => values.Length == 0 ? 0 : Stats.Percentile(values, p);
}
