using Google.Protobuf;
using Verge.Inference.Graph.Building;
using Verge.Net.Protos;
using Verge.Net.Wire;

namespace Verge.Cluster.Tests;

/// <summary>The smallest real stage: y = Relu(x) on x[1,8], run by ONNX Runtime on the edge servers.</summary>
internal static class ReluStage
{
    public const string Id = "relu-stage";

    public static LoadStageRequest Load()
    {
        var b = new OnnxBuilder("relu", producer: "verge-tests");
        b.Output(b.Relu("y", b.Input("x", 1, 8)));
        var request = new LoadStageRequest { StageId = Id, Model = ByteString.CopyFrom(b.Build().ToByteArray()) };
        request.Inputs.Add("x");
        request.Outputs.Add("y");
        return request;
    }

    public static float[] Input(int device, int frame) =>
        [.. Enumerable.Range(0, 8).Select(i => (float)(((device * 31 + frame * 7 + i) % 11) - 5))];

    public static InferRequest Frame(int device, int frame)
    {
        var request = new InferRequest { StageId = Id, FrameId = frame };
        request.Inputs.Add(TensorCodec.Encode(new FloatTensor("x", [1, 8], Input(device, frame)), TensorEncoding.Fp32));
        return request;
    }

    public static float[] Expected(int device, int frame) => [.. Input(device, frame).Select(v => MathF.Max(v, 0))];
}
