namespace Verge.Net.Stages;

/// <summary>
/// One stage of a split model: an ONNX model and the names of the tensors it takes and sends on.
/// Empty name lists mean "the model's own inputs / outputs". <see cref="Callers"/> are the token identities, besides
/// the loader's own, that may run it (e.g. devices holding infer tokens; see <c>TokenTable.IdentityOf</c>).
/// </summary>
public sealed record StageModel(string Id, byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    public IReadOnlyList<string> Callers { get; init; } = [];

    /// <summary>The stage's profiled time at speed 1, which the node paces it by (see <see cref="ComputePacer"/>); null: warm-up runs on the node.</summary>
    public TimeSpan? Typical { get; init; }
}
