using Verge.Inference.Compression.Int8;
using Verge.Inference.Graph.Passes;

namespace Verge.Cli.Commands;

/// <summary>What `verge compress --json` writes: the quantization made and how the int8 model compares to fp32.</summary>
internal sealed record CompressReport(
    string Model,
    string Output,
    string Calibration,
    int CalibrationFeeds,
    string Method,
    double? Percentile,
    string Activations,
    long OpsetFrom,
    int QuantizedNodes,
    int ActivationTensors,
    int FoldedBatchNorms,
    long Fp32Bytes,
    long Int8Bytes,
    double SizeRatio,
    int Threads,
    int Runs,
    double Fp32Ms,
    double Int8Ms,
    double Speedup,
    int Samples,
    double MaxAbsDiff,
    double MaxRelDiff,
    double SqnrDb,
    double Top1Agreement,
    IReadOnlyDictionary<string, int> Int8Kernels)
{
    public static CompressReport From(string model, string output, Int8Result q, Int8Options o, Int8Comparison c) => new(
        model, output, q.Calibration, q.CalibrationFeeds, o.Method.ToString().ToLowerInvariant(),
        o.Method == CalibrationMethod.Percentile ? o.Percentile : null, o.Activations.ToString().ToLowerInvariant(), q.OriginalOpset,
        q.Plan.Nodes.Count, q.Plan.Activations.Count, q.FoldedBatchNorms, c.Fp32Bytes, c.Int8Bytes, c.SizeRatio, c.Threads, c.Runs,
        c.Fp32Ms, c.Int8Ms, c.Speedup, c.Samples, c.MaxAbsDiff, c.MaxRelDiff, c.SqnrDb, c.Top1Agreement, c.Int8Kernels);
}
