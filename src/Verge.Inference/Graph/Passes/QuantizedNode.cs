namespace Verge.Inference.Graph.Passes;

/// <summary>
/// One Conv/Gemm/MatMul that the rewrite quantizes: which of its inputs are activations (QDQ with calibrated
/// ranges), which is the weight (int8 initializer, per-channel along <see cref="WeightAxis"/> or per-tensor when it
/// is -1), and which bias becomes int32 (-1: the bias, if any, stays float).
/// </summary>
public sealed record QuantizedNode(string Name, string OpType, IReadOnlyList<int> ActivationInputs, int WeightInput, int WeightAxis, int BiasInput);
