using Verge.Core.Deployment;

namespace Verge.Inference.Planning.MinCut;

/// <summary>Which tier takes the nodes the cut sends away from the device.</summary>
public sealed record MinCutOptions
{
    public Tier Target { get; init; } = Tier.Edge;
}
