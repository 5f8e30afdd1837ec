using Verge.Net.Serving.Load;

namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// One measured run: the scenario it belongs to (batching, overload, streams, soak), the variant compared (e.g.
/// "off"/"on", "fifo"/"edf+admission"), what the load generator measured, and how often the server ran each batch
/// size (index = rows).
/// </summary>
public sealed record ServingRun(string Scenario, string Variant, string Load, LoadReport Report, IReadOnlyList<long> RunsByBatchSize)
{
    /// <summary>Requests the server took in: all but the rejected ones (admission, full queue, superseded frames).</summary>
    public long Admitted => Report.Requests - Report.Rejected;

    /// <summary>Deadline misses (timed out, or answered late) among admitted requests.</summary>
    public double MissRate => Admitted == 0 ? 0 : (double)Report.DeadlineMisses / Admitted;

    /// <summary>Rows per model run, averaged over runs.</summary>
    public double MeanBatch
    {
        get
        {
            long runs = RunsByBatchSize.Sum();
            return runs == 0 ? 0 : (double)RunsByBatchSize.Select((n, rows) => n * rows).Sum() / runs;
        }
    }
}
