namespace Verge.Inference.Graph.Extraction;

/// <summary>
/// One stage of a split model: the tensors it receives and the tensors it hands on, by their names in the original
/// model. A tensor in both lists passes straight through the stage (a skip connection crossing two cuts).
/// </summary>
public sealed record StageSpec(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
