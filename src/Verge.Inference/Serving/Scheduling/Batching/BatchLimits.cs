namespace Verge.Inference.Serving.Scheduling.Batching;

/// <summary>
/// What the batch choice must respect for one model: the most rows per run (0 or 1: every request runs alone) and
/// the dynamic batching section (null: requests are never combined, as in Triton).
/// </summary>
public sealed record BatchLimits(int MaxBatchSize, DynamicBatchingOptions? Dynamic)
{
    public bool Combines => MaxBatchSize > 1 && Dynamic is not null;

    public static BatchLimits Unbatched { get; } = new(0, null);
}
