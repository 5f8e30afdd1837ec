using System.Text.Json.Serialization;

namespace Verge.Net.Serving.Load;

/// <summary>
/// What `verge load` measured (perf_analyzer's numbers): answers per second, client-side latency percentiles, the
/// server's split (mean queue and compute time, from the answers' <c>queue_us</c>/<c>compute_us</c> parameters),
/// rejections (RESOURCE_EXHAUSTED, ABORTED), deadline misses (DEADLINE_EXCEEDED, or answered late), goodput (answers
/// within the deadline per second) and the streams' mean age of information. Latencies are NaN when nothing was
/// answered; <see cref="MeanAoiMs"/> is NaN without streams.
/// </summary>
public sealed record LoadReport(
    double ThroughputRps,
    double P50Ms,
    double P90Ms,
    double P95Ms,
    double P99Ms,
    double QueueMs,
    double ComputeMs,
    long Rejected,
    long DeadlineMisses,
    double GoodputRps,
    double MeanAoiMs,
    long Requests,
    long Answered,
    long Errors,
    double DurationS)
{
    /// <summary>Throughput and latency over the run, for `--plot` (not part of the JSON: its keys stay perf_analyzer's).</summary>
    [JsonIgnore]
    public IReadOnlyList<LoadInterval> Timeline { get; init; } = [];

    /// <summary>
    /// Seconds from the start to the last request sent. Requests over this, not over <see cref="DurationS"/> (which
    /// also waits for the last answers), is the rate the generator kept: an open loop that falls behind sends late.
    /// </summary>
    [JsonIgnore]
    public double SendingS { get; init; }

    /// <summary>Requests sent per second of the sending window; NaN when nothing was sent.</summary>
    [JsonIgnore]
    public double SentRps => SendingS > 0 ? Requests / SendingS : double.NaN;
}
