using Verge.Inference.Planning;

namespace Verge.Net.Execution;

/// <summary>
/// What a run did: the plan chosen first (with its prediction), every frame, every re-plan, and the RPC stack's cost
/// per message that the predictions include.
/// </summary>
public sealed record RunReport(string Plan, double PredictedLatencyMs, long PredictedUplinkBytes,
    IReadOnlyList<FrameRecord> Frames, IReadOnlyList<ReplanEvent> Replans, IReadOnlyList<PlanSegment> Segments, MessageCost Transport)
{
    /// <summary>Percentile of measured latency over the frames that ran under the first plan without falling back.</summary>
    public double Percentile(double p) => Percentiles.Of(Frames.Where(f => f.Plan == Plan && !f.Fallback).Select(f => f.TotalMs), p);
}

/// <summary>A stretch of frames run under one plan and one network: its prediction for that network and what was measured.</summary>
public sealed record PlanSegment(string Plan, int FirstFrame, int Frames, double PredictedLatencyMs, double MeasuredP50Ms, string Network);

/// <summary>Nearest-rank percentiles.</summary>
public static class Percentiles
{
    public static double Of(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
