using Verge.Inference.Serving.Scheduling;

namespace Verge.Inference.Serving;

/// <summary>How an <see cref="InferenceServer"/> schedules: its clock, the techniques on, and how many batches may run at once.</summary>
public sealed record InferenceServerOptions
{
    public static InferenceServerOptions Default { get; } = new();

    /// <summary>The clock of queue delays, deadlines and ages; a fake one in tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public SchedulingPolicy Policy { get; init; } = SchedulingPolicy.Default;

    /// <summary>Most batches running at once over all models, shared by weight; 0 for one per model instance.</summary>
    public int ComputeSlots { get; init; }
}
