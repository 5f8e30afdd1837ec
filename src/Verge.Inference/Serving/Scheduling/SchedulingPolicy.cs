namespace Verge.Inference.Serving.Scheduling;

/// <summary>
/// Which of the server's scheduling techniques are on; all are by default. Off, each falls back to what a plain
/// server does, so a benchmark can compare: arrival order instead of earliest deadline first, no admission control,
/// every frame of a stream served instead of the latest only.
/// </summary>
public sealed record SchedulingPolicy(bool EarliestDeadlineFirst = true, bool Admission = true, bool LatestOnly = true)
{
    public static SchedulingPolicy Default { get; } = new();

    public static SchedulingPolicy Fifo { get; } = new(false, false, false);
}
