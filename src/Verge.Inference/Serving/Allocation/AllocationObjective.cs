namespace Verge.Inference.Serving.Allocation;

/// <summary>What an allocation maximises across streams: the total (mean) accuracy, or the worst stream's.</summary>
public enum AllocationObjective
{
    Total,
    Min,
}
