using System.Diagnostics;
using System.Globalization;
using Verge.Core.Statistics;

namespace Verge.Inference.Runtime.Scenarios;

/// <summary>
/// MLPerf LoadGen's three scenarios (Reddi et al., "MLPerf Inference Benchmark", ISCA 2020) over any system under
/// test that runs one query when called. Latency is measured from when a query was due, not when it was issued,
/// so a query that waits behind another counts its wait, as LoadGen's server scenario does.
/// </summary>
public sealed class LoadGenerator(ScenarioSettings settings, Action issue)
{
    public ScenarioResult Run(Scenario scenario, Action<string>? log = null, CancellationToken ct = default)
    {
        var warm = new List<double>();
        for (int i = 0; i < settings.Warmup; i++) warm.Add(Timed());
        double estimateMs = warm.Count > 0 ? Math.Max(1e-3, Stats.Median(warm)) : 1;
        return scenario switch
        {
            Scenario.SingleStream => SingleStream(ct),
            Scenario.Offline => Offline(estimateMs, ct),
            _ => Server(estimateMs, log, ct),
        };
    }

    private ScenarioResult SingleStream(CancellationToken ct)
    {
        var latencies = new List<double>();
        long start = Stopwatch.GetTimestamp();
        while (settings.Queries is { } q ? latencies.Count < q : latencies.Count < settings.MinQueries || Stopwatch.GetElapsedTime(start) < settings.MinDuration)
        {
            ct.ThrowIfCancellationRequested();
            latencies.Add(Timed());
        }
        double duration = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (valid, reason) = Length(latencies.Count, duration);
        return Result(Scenario.SingleStream, valid, reason, latencies.Count, duration, latencies);
    }

    private ScenarioResult Offline(double estimateMs, CancellationToken ct)
    {
        // LoadGen sends one query of enough samples to fill the minimum duration at the expected rate, plus 10%;
        // where the warm-up's estimate was pessimistic, samples continue until both minimums are met.
        int n = 0, planned = settings.Queries ?? (int)Math.Min(int.MaxValue, Math.Max(settings.MinQueries, Math.Ceiling(settings.MinDuration.TotalMilliseconds / estimateMs * 1.1)));
        long start = Stopwatch.GetTimestamp();
        while (n < planned || settings.Queries is null && Stopwatch.GetElapsedTime(start) < settings.MinDuration)
        {
            ct.ThrowIfCancellationRequested();
            issue();
            n++;
        }
        double duration = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (valid, reason) = Length(n, duration);
        return Result(Scenario.Offline, valid, reason, n, duration, []) with { ThroughputIps = n / duration };
    }

    private ScenarioResult Server(double estimateMs, Action<string>? log, CancellationToken ct)
    {
        // Bisection between 0 and 1.2× the single-query capacity: a rate passes when its p99 is within the bound.
        double lo = 0, hi = 1.2 * 1000 / estimateMs;
        var trials = new List<ServerTrial>();
        (ServerTrial Trial, List<double> Latencies)? best = null;
        for (int step = 0; step < settings.SearchSteps; step++)
        {
            double rate = (lo + hi) / 2;
            var (trial, latencies) = Trial(rate, settings.Seed + step, ct);
            trials.Add(trial);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"server: {rate:0.##} queries/s → p99 {trial.P99Ms:0.##} ms over {trial.Queries} queries ({(trial.WithinBound ? "within" : "over")} {settings.LatencyBoundMs:0.##} ms)"));
            if (trial.WithinBound)
            {
                lo = rate;
                best = (trial, latencies);
            }
            else hi = rate;
        }
        if (best is not { } b)
        {
            var lowest = trials.MinBy(t => t.Qps)!;
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"no rate kept the p99 within {settings.LatencyBoundMs:0.##} ms (at {lowest.Qps:0.##} queries/s it was {lowest.P99Ms:0.##} ms); raise --latency-bound-ms");
            return Result(Scenario.Server, false, reason, lowest.Queries, lowest.DurationS, []) with { Trials = trials, LatencyBoundMs = settings.LatencyBoundMs };
        }
        var (valid, why) = Length(b.Trial.Queries, b.Trial.DurationS);
        return Result(Scenario.Server, valid, why, b.Trial.Queries, b.Trial.DurationS, b.Latencies) with
        {
            MaxQps = b.Trial.Qps, Trials = trials, LatencyBoundMs = settings.LatencyBoundMs,
        };
    }

    /// <summary>One Poisson run at <paramref name="rate"/>; stops early once more than 1% of its queries are over the bound (its p99 then is).</summary>
    private (ServerTrial, List<double>) Trial(double rate, int seed, CancellationToken ct)
    {
        int n = settings.Queries ?? (int)Math.Min(int.MaxValue, Math.Max(settings.MinQueries, Math.Ceiling(rate * settings.MinDuration.TotalSeconds)));
        int allowedOver = n - (int)Math.Ceiling(0.99 * n);
        var rng = new Random(seed);
        var latencies = new List<double>(n);
        double due = 0; // seconds after start
        int over = 0;
        long start = Stopwatch.GetTimestamp();
        // Like single-stream, a trial that has its queries but not its minimum duration goes on (unless --queries fixed the count).
        for (int i = 0; (i < n || settings.Queries is null && Stopwatch.GetElapsedTime(start) < settings.MinDuration) && over <= allowedOver; i++)
        {
            if (i >= n) allowedOver = i + 1 - (int)Math.Ceiling(0.99 * (i + 1));
            ct.ThrowIfCancellationRequested();
            due += -Math.Log(1 - rng.NextDouble()) / rate;
            long dueTicks = start + (long)(due * Stopwatch.Frequency);
            WaitUntil(dueTicks);
            issue();
            double ms = (Stopwatch.GetTimestamp() - dueTicks) * 1000.0 / Stopwatch.Frequency;
            latencies.Add(ms);
            if (ms > settings.LatencyBoundMs) over++;
        }
        double duration = Stopwatch.GetElapsedTime(start).TotalSeconds;
        bool within = over <= allowedOver;
        double p99 = within ? Stats.Percentile(latencies, 99) : latencies.Where(l => l > settings.LatencyBoundMs).Min();
        bool longEnough = latencies.Count >= settings.MinQueries && duration >= settings.MinDuration.TotalSeconds;
        return (new ServerTrial(rate, latencies.Count, duration, p99, within, longEnough), latencies);
    }

    private (bool Valid, string Reason) Length(int queries, double durationS)
    {
        string minimums = string.Create(CultureInfo.InvariantCulture, $"minimums {settings.MinDuration.TotalSeconds:0.###} s and {settings.MinQueries} queries (MLPerf: 600 s, 1024)");
        if (queries < settings.MinQueries)
            return (false, $"{queries} queries, fewer than the minimum {settings.MinQueries}; {minimums}");
        if (durationS < settings.MinDuration.TotalSeconds)
            return (false, string.Create(CultureInfo.InvariantCulture, $"ran {durationS:0.###} s, shorter than the minimum {settings.MinDuration.TotalSeconds:0.###} s; {minimums}"));
        return (true, $"met the {minimums}");
    }

    private ScenarioResult Result(Scenario s, bool valid, string reason, int queries, double duration, List<double> latencies) => new(
        ScenarioNames.Of(s), valid, reason, queries, duration,
        latencies.Count > 0 ? Stats.Percentile(latencies, 50) : null,
        latencies.Count > 0 ? Stats.Percentile(latencies, 90) : null,
        latencies.Count > 0 ? Stats.Percentile(latencies, 99) : null,
        null, null, null, settings.MinDuration.TotalSeconds, settings.MinQueries, []);

    private double Timed()
    {
        long t0 = Stopwatch.GetTimestamp();
        issue();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }

    /// <summary>Sleeps while the wait is long, spins for the last millisecond (Thread.Sleep overshoots by about one).</summary>
    private static void WaitUntil(long ticks)
    {
        while (true)
        {
            long left = ticks - Stopwatch.GetTimestamp();
            if (left <= 0) return;
            double ms = left * 1000.0 / Stopwatch.Frequency;
            if (ms > 2) Thread.Sleep(TimeSpan.FromMilliseconds(ms - 1.5));
            else Thread.SpinWait(50);
        }
    }
}
