namespace Verge.Inference.Serving.Scheduling.Queueing;

/// <summary>
/// A model's queue policy (Triton's <c>priority_levels</c>, <c>default_priority_level</c> and <c>queue</c> policy),
/// applied to every priority level.
/// </summary>
/// <param name="PriorityLevels">Levels 1 (highest) to this.</param>
/// <param name="DefaultPriorityLevel">The level of a request that names none.</param>
/// <param name="MaxSize">Most requests one level may hold; 0 for no limit.</param>
/// <param name="DefaultTimeout">Deadline of a request that brings none; null for none.</param>
/// <param name="AllowTimeoutOverride">Whether a request's own deadline counts; it may only shorten the default.</param>
public sealed record QueueOptions(
    int PriorityLevels = 1,
    int DefaultPriorityLevel = 1,
    int MaxSize = 0,
    TimeSpan? DefaultTimeout = null,
    TimeoutAction TimeoutAction = TimeoutAction.Reject,
    bool AllowTimeoutOverride = true)
{
    public static QueueOptions Default { get; } = new();
}
