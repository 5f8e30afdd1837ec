using Verge.Core.Deployment;

namespace Verge.Inference.Planning.Neurosurgeon;

/// <summary>Which tier takes the tail of the model.</summary>
public sealed record NeurosurgeonOptions
{
    public Tier Target { get; init; } = Tier.Edge;
}
