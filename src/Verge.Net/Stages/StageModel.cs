namespace Verge.Net.Stages;

/// <summary>
/// One stage of a split model: an ONNX model and the names of the tensors it takes and sends on.
/// Empty name lists mean "the model's own inputs / outputs".
/// </summary>
public sealed record StageModel(string Id, byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
