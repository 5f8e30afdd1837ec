using Verge.Core.Statistics;

namespace Verge.Net.Serving.Load;

/// <summary>The arithmetic of a load run, apart from the sockets: samples in, a <see cref="LoadReport"/> out.</summary>
public static class LoadSummary
{
    public static LoadReport From(IReadOnlyList<LoadSample> samples, double durationMs, double? deadlineMs)
    {
        var answered = samples.Where(s => s.Outcome == LoadOutcome.Answered).ToList();
        var latencies = answered.Select(s => s.LatencyMs).ToList();
        long late = deadlineMs is double d ? answered.Count(s => s.LatencyMs > d) : 0;
        double seconds = Math.Max(durationMs, 1e-9) / 1000;
        return new LoadReport(
            ThroughputRps: answered.Count / seconds,
            P50Ms: Stats.Percentile(latencies, 50),
            P90Ms: Stats.Percentile(latencies, 90),
            P95Ms: Stats.Percentile(latencies, 95),
            P99Ms: Stats.Percentile(latencies, 99),
            QueueMs: answered.Count == 0 ? double.NaN : answered.Average(s => s.QueueMs),
            ComputeMs: answered.Count == 0 ? double.NaN : answered.Average(s => s.ComputeMs),
            Rejected: samples.Count(s => s.Outcome == LoadOutcome.Rejected),
            DeadlineMisses: samples.Count(s => s.Outcome == LoadOutcome.TimedOut) + late,
            GoodputRps: (answered.Count - late) / seconds,
            MeanAoiMs: MeanAgeOfInformation(answered, durationMs),
            Requests: samples.Count,
            Answered: answered.Count,
            Errors: samples.Count(s => s.Outcome == LoadOutcome.Failed),
            DurationS: seconds)
        {
            Timeline = Timeline(answered, durationMs),
            SendingS = samples.Count == 0 ? 0 : samples.Max(s => s.SentMs) / 1000,
        };
    }

    /// <summary>The run cut into about 20 slices by answer time (at least 50 ms each): answers per second, p50 and p99 in each.</summary>
    public static IReadOnlyList<LoadInterval> Timeline(IReadOnlyList<LoadSample> answered, double durationMs)
    {
        if (!(durationMs > 0)) return [];
        double width = Math.Max(durationMs / 20, 50);
        int count = (int)Math.Ceiling(durationMs / width);
        var slices = new List<double>[count];
        for (int i = 0; i < count; i++) slices[i] = [];
        foreach (var s in answered)
            slices[Math.Clamp((int)(s.DoneMs / width), 0, count - 1)].Add(s.LatencyMs);
        return slices.Select((l, i) => new LoadInterval(i * width / 1000, l.Count / (Math.Min(width, durationMs - i * width) / 1000),
            Stats.Percentile(l, 50), Stats.Percentile(l, 99))).ToList();
    }

    /// <summary>
    /// The time-average age of information per stream, averaged over streams: from a stream's first answer to the
    /// run's end, age(t) = t − capture time of the freshest frame answered by t, a sawtooth integrated piecewise
    /// (Kaul, Yates and Gruteser, "Real-time status: how often should one update?", INFOCOM 2012).
    /// </summary>
    public static double MeanAgeOfInformation(IReadOnlyList<LoadSample> answered, double endMs)
    {
        var means = new List<double>();
        foreach (var stream in answered.Where(s => s.Stream >= 0).GroupBy(s => s.Stream))
        {
            double area = 0, freshest = double.NegativeInfinity, since = double.NaN;
            foreach (var s in stream.OrderBy(s => s.DoneMs))
            {
                if (s.SentMs <= freshest) continue; // an older frame answered late: the stream's information is not fresher
                if (!double.IsNaN(since)) area += Segment(since, s.DoneMs, freshest);
                since = s.DoneMs;
                freshest = s.SentMs;
            }
            double end = Math.Max(endMs, since);
            area += Segment(since, end, freshest);
            double first = stream.Min(s => s.DoneMs);
            if (end > first) means.Add(area / (end - first));
        }
        return means.Count == 0 ? double.NaN : means.Average();
    }

    /// <summary>∫ from a to b of (t − capture) dt.</summary>
    private static double Segment(double a, double b, double capture) => (b - a) * ((a + b) / 2 - capture);
}
