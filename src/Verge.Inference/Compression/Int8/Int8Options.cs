using Verge.Inference.Graph.Passes;

namespace Verge.Inference.Compression.Int8;

/// <summary>Settings of post-training int8 quantization (QDQ format).</summary>
public sealed record Int8Options
{
    public CalibrationMethod Method { get; init; } = CalibrationMethod.MinMax;

    /// <summary>Percentile of |x| kept by <see cref="CalibrationMethod.Percentile"/>, in (0, 100].</summary>
    public double Percentile { get; init; } = 99.99;

    public ActivationType Activations { get; init; } = ActivationType.UInt8;

    /// <summary>One scale per output channel for Conv and Gemm(transB=1) weights; per-tensor otherwise.</summary>
    public bool PerChannel { get; init; } = true;

    /// <summary>
    /// Also quantize what Conv/Gemm/MatMul produce (after a following Relu/Clip), so ONNX Runtime fuses each
    /// DQ→op→Q group into an int8 kernel (QLinearConv, QGemm, QLinearMatMul) instead of computing in float.
    /// </summary>
    public bool QuantizeOutputs { get; init; } = true;

    /// <summary>Fold inference-mode BatchNormalization into the Conv before it (its output must feed only the BN).</summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>Bins of the |x| histogram behind <see cref="CalibrationMethod.Percentile"/>.</summary>
    public int HistogramBins { get; init; } = 4096;

    /// <summary>Intra-op threads of the calibration session (0: ONNX Runtime's default).</summary>
    public int Threads { get; init; }

    public void Validate()
    {
        if (!(Percentile > 0 && Percentile <= 100))
            throw new Core.Errors.UsageException($"percentile must be in (0, 100], got {Percentile}; 99.99 is typical") { Term = "percentile" };
        if (HistogramBins < 16)
            throw new ArgumentOutOfRangeException(nameof(HistogramBins), HistogramBins, "at least 16 bins");
    }
}
