namespace Verge.Inference.Graph.Passes;

/// <summary>The 8-bit type of quantized activations (weights are always int8).</summary>
public enum ActivationType
{
    /// <summary>Asymmetric uint8 in [0, 255]: ONNX Runtime's u8s8 kernels.</summary>
    UInt8,

    /// <summary>Asymmetric int8 in [-128, 127]: ONNX Runtime's s8s8 kernels.</summary>
    Int8,
}
