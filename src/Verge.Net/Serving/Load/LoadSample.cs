namespace Verge.Net.Serving.Load;

/// <summary>How one request of a load run ended.</summary>
public enum LoadOutcome
{
    Answered,
    Rejected,
    TimedOut,
    Failed,
}

/// <summary>
/// One request of a load run, times in milliseconds from the run's start: sent (the frame's capture time) and
/// finished; the server's queue and compute time when answered; the stream it belongs to (-1 for none).
/// </summary>
public readonly record struct LoadSample(LoadOutcome Outcome, double SentMs, double DoneMs, double QueueMs, double ComputeMs, int Stream)
{
    public double LatencyMs => DoneMs - SentMs;
}
