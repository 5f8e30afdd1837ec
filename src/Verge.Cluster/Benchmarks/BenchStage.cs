using Google.Protobuf;
using Verge.Inference.Graph.Building;
using Verge.Net.Protos;
using Verge.Net.Wire;

namespace Verge.Cluster.Benchmarks;

/// <summary>
/// The edge stage every benchmark device runs: three 512-wide fully connected layers with ReLU (seeded weights, about
/// 3 MB), real ONNX run by ONNX Runtime on each edge server; big enough that a cold load shows beside a frame.
/// </summary>
internal static class BenchStage
{
    public const string Id = "bench-cluster-stage";
    public const int Width = 512;

    public static LoadStageRequest Load()
    {
        var b = new OnnxBuilder("bench-cluster", producer: "verge-bench");
        var x = b.Input("x", 1, Width);
        for (var i = 0; i < 3; i++) x = b.Relu($"relu{i}", b.Gemm($"fc{i}", x, Width));
        b.Output(b.Rename(x, "y"));
        var request = new LoadStageRequest { StageId = Id, Model = ByteString.CopyFrom(b.Build().ToByteArray()) };
        request.Inputs.Add("x");
        request.Outputs.Add("y");
        return request;
    }

    public static InferRequest Frame(int device, int frame)
    {
        var data = new float[Width];
        for (var i = 0; i < data.Length; i++) data[i] = ((device * 31 + frame * 7 + i) % 11 - 5) / 5f;
        var request = new InferRequest { StageId = Id, FrameId = frame };
        request.Inputs.Add(TensorCodec.Encode(new FloatTensor("x", [1, Width], data), TensorEncoding.Fp32));
        return request;
    }

    /// <summary>Whether a reply is this stage's answer (one [1, Width] output), not an empty or foreign one.</summary>
    public static bool IsAnswer(InferReply reply) =>
        reply.Outputs.Count == 1 && TensorCodec.Decode(reply.Outputs[0]).Data.Length == Width;
}
