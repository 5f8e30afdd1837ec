namespace Verge.Inference.Graph.Building;

/// <summary>The three outputs of an ONNX LSTM node: every step [T, 1, B, H], the last hidden and cell states [1, B, H].</summary>
public sealed record LstmOutputs(TensorRef Sequence, TensorRef Hidden, TensorRef Cell);
