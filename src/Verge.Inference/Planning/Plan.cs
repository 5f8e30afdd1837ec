using Verge.Core.Deployment;

namespace Verge.Inference.Planning;

/// <summary>
/// A placement of a model on a topology with the predictions it is held to: the stages in execution order, the hops
/// between them (the last one returns the result to the device), the wire codec, and whether it meets the SLO.
/// </summary>
public sealed record Plan(string Name, IReadOnlyList<Stage> Stages, IReadOnlyList<Hop> Hops, WireCodec Codec, Prediction Predicted, bool MeetsSlo)
{
    /// <summary>Placement for tables: <c>phone[0..23] → edge[24..73]</c>.</summary>
    public string Placement => string.Join(" → ", Stages.Select(s => s.Describe()));

    /// <summary>Tensors sent forward (not the returning result), hop by hop.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cuts => Hops.Where(h => !h.IsReturn).Select(h => h.Tensors).ToList();
}
