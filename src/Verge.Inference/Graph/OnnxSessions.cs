using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Core.Errors;

namespace Verge.Inference.Graph;

/// <summary>
/// ONNX Runtime sessions for models that passed <see cref="OnnxModelFile"/>: made from the checked bytes (never from a
/// path, so ONNX Runtime opens no file the gate did not check), and a model ONNX Runtime refuses (a cycle, an op it
/// lacks, a type mismatch) is the user's input error, not an internal one.
/// </summary>
public static class OnnxSessions
{
    public static InferenceSession Create(ModelProto model, SessionOptions options, string label)
    {
        ExternalData.RefuseAll(model);
        try
        {
            return new InferenceSession(model.ToByteArray(), options);
        }
        catch (OnnxRuntimeException e)
        {
            var line = e.Message.ReplaceLineEndings(" ").Trim();
            throw new InputException($"'{label}' cannot be loaded by ONNX Runtime ({line}); check the model's ops and opset, or re-export it");
        }
    }

    /// <summary>A model that loaded but failed to run (out of memory for a tensor, a shape an op refuses): the user's model, not a bug.</summary>
    public static InputException RunFailed(string label, OnnxRuntimeException e)
    {
        var line = e.Message.ReplaceLineEndings(" ").Trim();
        var hint = line.Contains("bad_alloc", StringComparison.Ordinal)
            ? "a tensor does not fit in this host's memory; give the model smaller shapes"
            : "check the model's shapes and ops, or re-export it";
        return new InputException($"ONNX Runtime cannot run '{label}' ({line}); {hint}", e);
    }
}
