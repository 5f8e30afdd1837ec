using Google.Protobuf;
using Onnx;
using Verge.Inference.Graph.Passes;
using Verge.Core.Files;

namespace Verge.Inference.Compression.Int8;

/// <summary>A quantized model with what made it: the plan, each activation's range, the calibration it came from.</summary>
public sealed record Int8Result(
    ModelProto Model,
    QdqPlan Plan,
    IReadOnlyDictionary<string, TensorRange> Ranges,
    string Calibration,
    int CalibrationFeeds,
    int FoldedBatchNorms,
    long OriginalOpset)
{
    public byte[] ToBytes() => Model.ToByteArray();

    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes(), "model");
}
