namespace Verge.Inference.Compression.Int8;

/// <summary>
/// An fp32 model held against its int8 version on held-out inputs: size on disk, median latency with the same
/// thread count, output differences, top-1 agreement, and which int8 kernels ONNX Runtime fused.
/// </summary>
public sealed record Int8Comparison(
    long Fp32Bytes,
    long Int8Bytes,
    double Fp32Ms,
    double Int8Ms,
    int Threads,
    int Runs,
    int Samples,
    double MaxAbsDiff,
    double MaxRelDiff,
    double SqnrDb,
    int Top1Agreed,
    int Top1Total,
    IReadOnlyDictionary<string, int> Int8Kernels)
{
    public double SizeRatio => Fp32Bytes > 0 ? (double)Int8Bytes / Fp32Bytes : double.NaN;

    /// <summary>fp32 time over int8 time: above 1 is a speed-up, below 1 a slowdown.</summary>
    public double Speedup => Int8Ms > 0 ? Fp32Ms / Int8Ms : double.NaN;

    public double Top1Agreement => Top1Total > 0 ? (double)Top1Agreed / Top1Total : double.NaN;
}
