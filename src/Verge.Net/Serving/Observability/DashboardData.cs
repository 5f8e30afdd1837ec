using System.Text.Json.Nodes;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Dispatch;

namespace Verge.Net.Serving.Observability;

/// <summary>
/// What the dashboard at <c>/</c> polls (<c>GET /v2/dashboard</c>): per model the answers per second over the last
/// <see cref="Window"/>, queue and compute time percentiles (upper bounds of <see cref="TimeHistogram"/> buckets, in
/// ms), queue depth and runs by batch size; per stream the age of information. Throughput compares this call's
/// counters with the oldest kept from earlier calls, so it needs two polls to be non-zero.
/// </summary>
public sealed class DashboardData(InferenceServer server, TimeProvider? time = null)
{
    public static TimeSpan Window { get; } = TimeSpan.FromSeconds(5);

    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly Lock gate = new();
    private readonly Queue<(long Ticks, Dictionary<string, long> Answered)> history = new();

    public JsonObject Snapshot()
    {
        var stats = server.AllStatistics();
        long now = time.GetTimestamp();
        var answered = stats.ToDictionary(Key, c => c.Answered);
        (long Ticks, Dictionary<string, long> Answered)? oldest;
        lock (gate)
        {
            while (history.Count > 0 && time.GetElapsedTime(history.Peek().Ticks, now) > Window) history.Dequeue();
            oldest = history.Count > 0 ? history.Peek() : null;
            history.Enqueue((now, answered));
        }
        double seconds = oldest is { } o ? time.GetElapsedTime(o.Ticks, now).TotalSeconds : 0;
        return new JsonObject
        {
            ["models"] = new JsonArray(stats.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Model,
                ["version"] = c.Version.ToString(),
                ["requests"] = c.Requests,
                ["answered"] = c.Answered,
                ["failures"] = c.Failures,
                ["rejections"] = c.Rejections,
                ["throughput"] = seconds > 0 ? (c.Answered - oldest!.Value.Answered.GetValueOrDefault(Key(c))) / seconds : 0,
                ["queue_depth"] = c.QueueDepth,
                ["queue_ms"] = Percentiles(c.QueueTime),
                ["compute_ms"] = Percentiles(c.ComputeTime),
                ["batch_sizes"] = new JsonArray(c.RunsByBatchSize().Skip(1).Select(n => (JsonNode?)n).ToArray()),
            }).ToArray()),
            ["streams"] = new JsonArray(server.Streams().Select(s => (JsonNode?)new JsonObject
            {
                ["stream"] = s.StreamId, ["sequence"] = s.Sequence, ["age_ms"] = s.Age.TotalMilliseconds,
            }).ToArray()),
        };
    }

    private static string Key(ModelCounters c) => $"{c.Model}/{c.Version}";

    /// <summary>p50, p95, p99 as the upper bound of the bucket holding that rank (null before any sample; the last,
    /// unbounded bucket reads as the highest bound).</summary>
    public static JsonObject Percentiles(TimeHistogram histogram)
    {
        var buckets = histogram.Buckets();
        long total = buckets.Sum();
        var result = new JsonObject();
        foreach (var (name, q) in new[] { ("p50", 0.50), ("p95", 0.95), ("p99", 0.99) })
        {
            if (total == 0) { result[name] = null; continue; }
            long rank = (long)Math.Ceiling(q * total), seen = 0;
            int i = 0;
            while ((seen += buckets[i]) < rank) i++;
            result[name] = TimeHistogram.Bounds[Math.Min(i, TimeHistogram.Bounds.Count - 1)] * 1000;
        }
        return result;
    }
}
