namespace Verge.Inference.Planning.ModelSelection;

/// <summary>One variant under one placement, with the objective's cost and which requirements it meets.</summary>
public sealed record VariantCandidate(ModelVariant Variant, Plan Plan, double Cost, bool MeetsLatency, bool MeetsAccuracy)
{
    public bool Feasible => MeetsLatency && MeetsAccuracy;

    /// <summary><c>variant/plan</c>, e.g. <c>int8/edge-only</c>.</summary>
    public string Name => $"{Variant.Name}/{Plan.Name}";
}
