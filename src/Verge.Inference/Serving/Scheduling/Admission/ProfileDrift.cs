namespace Verge.Inference.Serving.Scheduling.Admission;

/// <summary>
/// How much slower (or faster) a model's batches run now than its latency profile says. The profile is measured when
/// the model loads, on a box that does nothing else; under load the same cores also decode requests, send answers and
/// run other models, so a prediction at the idle speed admits requests that then miss. Each finished batch gives the
/// ratio measured / profiled; the factor is its smoothed mean plus two smoothed mean deviations, after Jacobson's
/// retransmission-timeout estimator (SIGCOMM 1988; RFC 6298's gains 1/8 and 1/4), so that admission predicts near
/// the slow end of what batches take now, not their average. RFC 6298 adds four deviations, since a retransmission
/// too early costs the network; here a margin too wide refuses work the box could have done, so two. Thread-safe.
/// </summary>
public sealed class ProfileDrift
{
    private const double MeanGain = 1.0 / 8, DeviationGain = 1.0 / 4, K = 2;
    private readonly Lock gate = new();
    private double mean = 1, deviation;
    private bool observed;

    /// <summary>What to multiply a profiled time by; 1 until a batch has run.</summary>
    public double Factor
    {
        get { lock (gate) return mean + K * deviation; }
    }

    public void Observe(TimeSpan profiled, TimeSpan measured)
    {
        if (profiled <= TimeSpan.Zero || measured <= TimeSpan.Zero) return;   // a clock that did not move (a fake one) says nothing
        double ratio = measured / profiled;
        lock (gate)
        {
            if (!observed)
            {
                (mean, deviation, observed) = (ratio, ratio / 2, true);   // RFC 6298's first sample
                return;
            }
            deviation = (1 - DeviationGain) * deviation + DeviationGain * Math.Abs(ratio - mean);
            mean = (1 - MeanGain) * mean + MeanGain * ratio;
        }
    }

    public TimeSpan Scale(TimeSpan profiled) => profiled * Factor;
}
