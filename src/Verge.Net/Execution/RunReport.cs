using Verge.Core.Statistics;
using Verge.Inference.Planning;

namespace Verge.Net.Execution;

/// <summary>
/// What a run did: the plan chosen first (with its prediction), every frame, every re-plan, and the RPC stack's cost
/// per message that the predictions include.
/// </summary>
public sealed record RunReport(string Plan, double PredictedLatencyMs, long PredictedUplinkBytes,
    IReadOnlyList<FrameRecord> Frames, IReadOnlyList<ReplanEvent> Replans, IReadOnlyList<PlanSegment> Segments, MessageCost Transport)
{
    /// <summary>The time dilation the run ran under; its frames' times are already divided by its factor.</summary>
    public TimeDilation Dilation { get; init; } = TimeDilation.None;

    /// <summary>Percentile of measured latency over the frames that ran under the first plan without falling back.</summary>
    public double Percentile(double p) => Stats.Percentile(Frames.Where(f => f.Plan == Plan && !f.Fallback && !f.Reused).Select(f => f.TotalMs), p);

    /// <summary>
    /// How the outputs compare with the whole model run locally: lossless fp32 must reproduce it up to float
    /// reassociation (1e-4 relative); lossy codecs report top-1 agreement. Frames the device's gate answered by reuse
    /// are not computed, so they are left out.
    /// </summary>
    public OutputMatch OutputsMatch()
    {
        var computed = Frames.Where(f => !f.Reused).ToList();
        double worst = computed.Count == 0 ? 0 : computed.Max(f => f.MaxRelativeDifference);
        double agree = computed.Count == 0 ? 1 : computed.Count(f => f.Top1Agrees) / (double)computed.Count;
        return new OutputMatch(worst <= 1e-4, worst, agree);
    }
}

/// <summary>A run's outputs against the whole model's: equal within float reassociation, worst relative difference, top-1 agreement.</summary>
public sealed record OutputMatch(bool Exact, double MaxRelativeDifference, double Top1Agreement);

/// <summary>A stretch of frames run under one plan and one network: its prediction for that network and what was measured.</summary>
public sealed record PlanSegment(string Plan, int FirstFrame, int Frames, double PredictedLatencyMs, double MeasuredP50Ms, string Network);
