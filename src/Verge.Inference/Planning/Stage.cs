using Verge.Core.Deployment;

namespace Verge.Inference.Planning;

/// <summary>
/// Part of a model placed on one topology node: the graph nodes it runs (indices in topological order), the tensors
/// it receives, and the tensors it sends on (everything crossing the next cut, including tensors produced by earlier
/// stages that later ones still need).
/// </summary>
public sealed record Stage(Node Site, IReadOnlyList<int> GraphNodes, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, double ComputeMs)
{
    /// <summary>True when the stage runs nodes first..last without gaps (always so for cuts along the order).</summary>
    public bool IsContiguous => GraphNodes.Count > 0 && GraphNodes[^1] - GraphNodes[0] + 1 == GraphNodes.Count;

    public string Describe() => GraphNodes.Count == 0 ? $"{Site.Name}[]"
        : IsContiguous ? $"{Site.Name}[{GraphNodes[0]}..{GraphNodes[^1]}]"
        : $"{Site.Name}[{GraphNodes.Count} nodes]";
}
