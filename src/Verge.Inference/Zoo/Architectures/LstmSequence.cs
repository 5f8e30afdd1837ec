using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>
/// A sequence classifier (Hochreiter and Schmidhuber, "Long Short-Term Memory", Neural Computation 1997):
/// input 1×32×64 (batch, steps, features) → LSTM with 128 hidden units → last hidden state → Gemm → 1×10.
/// </summary>
public static class LstmSequence
{
    public const string Name = "lstm-seq";
    public const int Steps = 32, Features = 64, Hidden = 128, Classes = 10;

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("lstm_seq", seed);
        var x = b.Input("input", 1, Steps, Features);
        var sequenceFirst = b.Transpose("transpose", x, 1, 0, 2);
        var lstm = b.Lstm("lstm", sequenceFirst, Hidden);
        var last = b.Reshape("last_hidden", lstm.Hidden, 1, Hidden);
        b.Output(b.Gemm("fc", last, Classes), "output");
        return b.Build("LSTM sequence classifier (seeded weights)");
    }
}
