using System.Text.Json.Nodes;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Scheduling;
using Verge.Net.Hosting;
using Verge.Net.Serving;
using Verge.Net.Serving.Load;

namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// `verge bench serving`'s driver: the edge server in this process (real gRPC on loopback ports, as `verge serve
/// --models` runs it) over a one-model repository, driven by the load generator of `verge load`. Each run starts a
/// fresh server with the config and scheduling policy it compares, warms it up closed-loop, then measures:
/// (a) batching off vs on, closed loop; (b) an open loop at <see cref="ServingBenchOptions.Overload"/> × the
/// capacity of <see cref="ServingBenchOptions.OverloadModelName"/> (batching on, closed loop) with deadlines, FIFO vs
/// EDF + admission; (c) the same multiple of <see cref="ServingBenchOptions.StreamsModelName"/>'s capacity as frames
/// of streams, FIFO vs latest-only; (d) a soak of many streams with memory sampled.
/// </summary>
public static class ServingBench
{
    public const string Batching = "batching";
    public const string Overload = "overload";
    public const string Streams = "streams";
    public const string Soak = "soak";

    /// <summary>EDF and admission on, latest-only off: what the overload scenario compares with FIFO.</summary>
    private static readonly SchedulingPolicy EdfAdmission = new(EarliestDeadlineFirst: true, Admission: true, LatestOnly: false);

    /// <summary>Latest-only on, EDF and admission off: what the streams scenario compares with FIFO.</summary>
    private static readonly SchedulingPolicy LatestOnly = new(EarliestDeadlineFirst: false, Admission: false, LatestOnly: true);

    public static async Task<ServingBenchReport> RunAsync(ServingBenchOptions o, Action<string>? progress = null, CancellationToken ct = default)
    {
        foreach (var path in new[] { o.ModelPath, o.OverloadModelPath, o.StreamsModelPath })
            if (!File.Exists(path)) throw new Core.Errors.InputException($"model file '{path}' does not exist; give an ONNX file");
        progress ??= _ => { };
        using var repo = new BenchRepository(o);
        var runs = new List<ServingRun>();
        var closed = new LoadOptions("", o.ModelName) { Concurrency = o.Clients, Duration = o.RunDuration };

        progress($"batching off: {o.Clients} closed-loop clients for {o.RunDuration.TotalSeconds:0.#} s");
        runs.Add((await MeasureAsync(o, repo, Batching, "off", batching: false, SchedulingPolicy.Default, closed, $"closed loop, {o.Clients} clients", false, ct)).Run);
        progress($"batching on: {o.Clients} closed-loop clients for {o.RunDuration.TotalSeconds:0.#} s (the dashboard read alongside)");
        var (on, dashboard) = await MeasureAsync(o, repo, Batching, "on", batching: true, SchedulingPolicy.Default, closed, $"closed loop, {o.Clients} clients", true, ct);
        runs.Add(on);

        var (capacity, sized) = await CapacityAsync(o, repo, runs, Overload, o.OverloadModelName, on, progress, ct);
        double rate = Math.Max(1, o.Overload * capacity);
        // The compute time, not the closed loop's p50: that p50 is mostly queueing of the 64 clients (Little's law), so it
        // grows with the client count and, for a slow model, makes a deadline no FIFO queue of a short run can miss.
        double deadline = o.DeadlineMs ?? o.DeadlineFactor * sized.Report.ComputeMs;
        if (!(deadline > 0)) deadline = 100;
        var overload = new LoadOptions("", o.OverloadModelName) { Rate = rate, Duration = o.RunDuration, DeadlineMs = deadline };
        string overloadLoad = $"open loop {rate:0} req/s ({o.Overload:0.##}× capacity), deadline {deadline:0.#} ms";
        progress($"overload: {overloadLoad}; FIFO, then EDF + admission");
        runs.Add((await MeasureAsync(o, repo, Overload, "fifo", true, SchedulingPolicy.Fifo, overload, overloadLoad, false, ct)).Run);
        runs.Add((await MeasureAsync(o, repo, Overload, "edf+admission", true, EdfAdmission, overload, overloadLoad, false, ct)).Run);

        var (streamsCapacity, _) = o.StreamsModelName == o.OverloadModelName ? (capacity, sized)
            : await CapacityAsync(o, repo, runs, Streams, o.StreamsModelName, on, progress, ct);
        double streamsRate = Math.Max(1, o.Overload * streamsCapacity);
        var streams = new LoadOptions("", o.StreamsModelName) { Rate = streamsRate, Duration = o.RunDuration, Streams = o.Streams };
        string streamsLoad = $"open loop {streamsRate:0} req/s ({o.Overload:0.##}× capacity) as frames of {o.Streams} streams";
        progress($"streams: {streamsLoad}; FIFO, then latest-only");
        runs.Add((await MeasureAsync(o, repo, Streams, "fifo", true, SchedulingPolicy.Fifo, streams, streamsLoad, false, ct)).Run);
        runs.Add((await MeasureAsync(o, repo, Streams, "latest-only", true, LatestOnly, streams, streamsLoad, false, ct)).Run);

        progress($"soak: {o.SoakStreams} device streams, closed loop, for {o.SoakDuration.TotalSeconds:0.#} s");
        var soak = await SoakAsync(o, repo, ct);
        runs.Add(soak.Run);
        return new ServingBenchReport(o.ModelName, o.OverloadModelName, o, capacity, rate, deadline, runs, soak, dashboard,
            ServingAcceptance.Of(runs, soak, rate, streamsRate), o.StreamsModelName, streamsCapacity, streamsRate);
    }

    /// <summary>Answers per second of <paramref name="model"/>, batching on, closed loop: what an open loop is sized from.</summary>
    private static async Task<(double Rps, ServingRun Run)> CapacityAsync(ServingBenchOptions o, BenchRepository repo, List<ServingRun> runs,
        string scenario, string model, ServingRun batchingOn, Action<string> progress, CancellationToken ct)
    {
        if (model == o.ModelName) return (batchingOn.Report.ThroughputRps, batchingOn);
        progress($"capacity of {model}: batching on, {o.Clients} closed-loop clients for {o.RunDuration.TotalSeconds:0.#} s");
        var run = (await MeasureAsync(o, repo, scenario, "capacity", true, SchedulingPolicy.Default,
            new LoadOptions("", model) { Concurrency = o.Clients, Duration = o.RunDuration }, $"closed loop, {o.Clients} clients", false, ct)).Run;
        runs.Add(run);
        return (run.Report.ThroughputRps, run);
    }

    private static async Task<SoakResult> SoakAsync(ServingBenchOptions o, BenchRepository repo, CancellationToken ct)
    {
        var load = new LoadOptions("", o.ModelName) { Concurrency = o.SoakStreams, Streams = o.SoakStreams, Duration = o.SoakDuration };
        await using var host = await StartAsync(o, repo, o.ModelName, batching: true, SchedulingPolicy.Default, rest: false, ct);
        await WarmUpAsync(o, host, o.ModelName, ct);
        // The soak's memory is its own: what earlier scenarios left for the collector goes first.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var before = host.Server.Statistics(o.ModelName).RunsByBatchSize();
        LoadReport report;
        IReadOnlyList<MemorySample> samples;
        await using (var sampler = new MemorySampler(o.MemoryInterval))
        {
            report = await LoadGenerator.RunAsync(load with { Url = host.Url }, ct);
            samples = sampler.Samples;
        }
        var run = new ServingRun(Soak, "latest-only", $"closed loop, {o.SoakStreams} clients, one stream each", report,
            Delta(before, host.Server.Statistics(o.ModelName).RunsByBatchSize()));
        return new SoakResult(run, o.SoakStreams, samples);
    }

    private static async Task<(ServingRun Run, DashboardCheck? Dashboard)> MeasureAsync(ServingBenchOptions o, BenchRepository repo,
        string scenario, string variant, bool batching, SchedulingPolicy policy, LoadOptions load, string described, bool dashboard, CancellationToken ct)
    {
        var model = load.Model;
        await using var host = await StartAsync(o, repo, model, batching, policy, dashboard, ct);
        await WarmUpAsync(o, host, model, ct);
        var before = host.Server.Statistics(model).RunsByBatchSize();
        var running = LoadGenerator.RunAsync(load with { Url = host.Url }, ct);
        double? dashboardRps = dashboard && host.RestUrl is { } rest ? await ReadDashboardAsync(rest, model, load.Duration, ct) : null;
        var report = await running;
        var run = new ServingRun(scenario, variant, described, report, Delta(before, host.Server.Statistics(model).RunsByBatchSize()));
        return (run, dashboardRps is { } d ? new DashboardCheck(d, Window(report, load.Duration), report.ThroughputRps) : null);
    }

    private static async Task<ServingHost> StartAsync(ServingBenchOptions o, BenchRepository repo, string model, bool batching, SchedulingPolicy policy,
        bool rest, CancellationToken ct)
    {
        repo.Write(model, model == o.ModelName ? o.ModelPath : model == o.OverloadModelName ? o.OverloadModelPath : o.StreamsModelPath, batching);
        return await ServingHost.StartAsync(repo.Root, new NodeHostOptions("edge"), rest ? "http://127.0.0.1:0" : null,
            new InferenceServerOptions { Policy = policy }, ct);
    }

    private static async Task WarmUpAsync(ServingBenchOptions o, ServingHost host, string model, CancellationToken ct)
    {
        if (o.Warmup > TimeSpan.Zero)
            await LoadGenerator.RunAsync(new LoadOptions(host.Url, model) { Concurrency = o.Clients, Duration = o.Warmup }, ct);
    }

    /// <summary>
    /// The dashboard's throughput as its page sees it: one poll at 30 % of the run to start the window, the reading
    /// at 70 % (the window spans the 40 % between, less than <c>DashboardData.Window</c> for runs up to 12 s).
    /// </summary>
    private static async Task<double?> ReadDashboardAsync(string restUrl, string model, TimeSpan duration, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(restUrl) };
        await Task.Delay(duration * 0.3, ct);
        await http.GetStringAsync("/v2/dashboard", ct);
        await Task.Delay(duration * 0.4, ct);
        var json = JsonNode.Parse(await http.GetStringAsync("/v2/dashboard", ct));
        return json?["models"]?.AsArray().FirstOrDefault(m => (string?)m?["name"] == model)?["throughput"]?.GetValue<double>();
    }

    /// <summary>The load generator's answers per second over the dashboard's window (30 % to 70 % of the run).</summary>
    private static double Window(LoadReport report, TimeSpan duration)
    {
        double from = 0.3 * duration.TotalSeconds - 1e-9, to = 0.7 * duration.TotalSeconds - 1e-9;
        var slices = report.Timeline.Where(i => i.StartS >= from && i.StartS < to).ToList();
        return slices.Count == 0 ? double.NaN : slices.Average(i => i.ThroughputRps);
    }

    private static long[] Delta(long[] before, long[] after) => after.Select((n, i) => n - (i < before.Length ? before[i] : 0)).ToArray();
}
