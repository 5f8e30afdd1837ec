using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Prometheus;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Dispatch;
using Verge.Inference.Serving.Scheduling;

namespace Verge.Net.Serving.Observability;

/// <summary>
/// <c>/metrics</c> in Prometheus' text format (prometheus-net), filled at scrape time from
/// <see cref="InferenceServer"/>'s plain counters, so the data plane never touches a metrics library. Each host has
/// its own <see cref="CollectorRegistry"/>: two servers in one process never share series.
/// </summary>
/// <remarks>
/// The queue and compute histograms are rebuilt from <see cref="TimeHistogram"/>'s buckets by observing each new
/// count at its bucket's upper bound, so their <c>_bucket</c> and <c>_count</c> series are exact and <c>_sum</c> is at
/// bucket resolution; the exact totals are <c>verge_queue_seconds_total</c> and <c>verge_compute_seconds_total</c>.
/// </remarks>
public sealed class ServingMetrics
{
    private static readonly string[] ModelLabels = ["model", "version"];
    private readonly InferenceServer server;
    private readonly Lock gate = new();
    private readonly Dictionary<(string, long, string), long[]> seen = [];
    private readonly Counter requests, answered, failures, rejections, runs, queueTotal, computeTotal;
    private readonly Gauge queueDepth, streamAge;
    private readonly Histogram queueTime, computeTime;

    public ServingMetrics(InferenceServer server)
    {
        this.server = server;
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        requests = f.CreateCounter("verge_requests_total", "Inference requests received.", ModelLabels);
        answered = f.CreateCounter("verge_answered_total", "Inference requests answered.", ModelLabels);
        failures = f.CreateCounter("verge_failures_total", "Inference requests that failed in the model.", ModelLabels);
        rejections = f.CreateCounter("verge_rejections_total", "Inference requests rejected by the scheduler, by reason.", [.. ModelLabels, "reason"]);
        runs = f.CreateCounter("verge_batch_runs_total", "Model runs by batch size in rows.", [.. ModelLabels, "batch_size"]);
        queueTotal = f.CreateCounter("verge_queue_seconds_total", "Total time requests waited in the queue.", ModelLabels);
        computeTotal = f.CreateCounter("verge_compute_seconds_total", "Total time the model computed.", ModelLabels);
        queueDepth = f.CreateGauge("verge_queue_depth", "Requests queued now.", ModelLabels);
        streamAge = f.CreateGauge("verge_stream_age_seconds", "Age of information of each stream's freshest answered frame.", "stream");
        var buckets = new HistogramConfiguration { Buckets = [.. TimeHistogram.Bounds], LabelNames = ModelLabels };
        queueTime = f.CreateHistogram("verge_queue_seconds", "Time requests waited in the queue.", buckets);
        computeTime = f.CreateHistogram("verge_compute_seconds", "Time the model computed per run.", buckets);
        Registry.AddBeforeCollectCallback(Collect);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Maps <c>GET /metrics</c>; it needs the infer role, as every endpoint does unless marked otherwise.</summary>
    public void Map(IEndpointRouteBuilder app) => app.MapMetrics("/metrics", Registry);

    private void Collect()
    {
        lock (gate)
        {
            foreach (var c in server.AllStatistics())
            {
                string[] l = [c.Model, c.Version.ToString()];
                requests.WithLabels(l).IncTo(c.Requests);
                answered.WithLabels(l).IncTo(c.Answered);
                failures.WithLabels(l).IncTo(c.Failures);
                foreach (var reason in Enum.GetValues<RejectReason>())
                    rejections.WithLabels([.. l, reason.ToString()]).IncTo(c.RejectionsFor(reason));
                var byRows = c.RunsByBatchSize();
                for (int rows = 1; rows < byRows.Length; rows++) runs.WithLabels([.. l, rows.ToString()]).IncTo(byRows[rows]);
                queueDepth.WithLabels(l).Set(c.QueueDepth);
                queueTotal.WithLabels(l).IncTo(c.QueueTime.Sum.TotalSeconds);
                computeTotal.WithLabels(l).IncTo(c.ComputeTime.Sum.TotalSeconds);
                Catch(queueTime.WithLabels(l), (c.Model, c.Version, "queue"), c.QueueTime.Buckets());
                Catch(computeTime.WithLabels(l), (c.Model, c.Version, "compute"), c.ComputeTime.Buckets());
            }
            foreach (var s in server.Streams()) streamAge.WithLabels(s.StreamId).Set(s.Age.TotalSeconds);
        }
    }

    /// <summary>Observes what each bucket gained since the last scrape, at its upper bound (the last, unbounded
    /// bucket at twice the highest bound).</summary>
    private void Catch(Histogram.Child histogram, (string, long, string) key, long[] now)
    {
        var before = seen.GetValueOrDefault(key) ?? new long[now.Length];
        if (now.Zip(before).Any(p => p.First < p.Second)) before = new long[now.Length]; // the model was reloaded
        for (int i = 0; i < now.Length; i++)
        {
            long gained = now[i] - before[i];
            if (gained > 0) histogram.Observe(i < TimeHistogram.Bounds.Count ? TimeHistogram.Bounds[i] : 2 * TimeHistogram.Bounds[^1], gained);
        }
        seen[key] = now;
    }
}
