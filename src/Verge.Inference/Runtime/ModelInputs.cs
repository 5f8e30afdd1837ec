using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Verge.Inference.Graph;

namespace Verge.Inference.Runtime;

/// <summary>
/// The feeds of one inference: names and ONNX Runtime values, owned and disposed together.
/// </summary>
public sealed class ModelInputs : IDisposable
{
    private ModelInputs(string[] names, OrtValue[] values)
    {
        Names = names;
        Values = values;
    }

    public string[] Names { get; }
    public OrtValue[] Values { get; }

    public static ModelInputs Create(IReadOnlyList<TensorInfo> inputs, InputFill fill, int seed = 42)
    {
        var values = new OrtValue[inputs.Count];
        var rng = new Random(seed);
        for (int i = 0; i < inputs.Count; i++)
        {
            var t = inputs[i];
            if (!t.IsStatic)
                throw new InvalidOperationException($"input '{t.Name}' has no static shape");
            var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (TensorElementType)t.ElementType, t.Shape);
            var bytes = value.GetTensorMutableRawData();
            bytes.Clear();
            if (fill == InputFill.Random && t.ElementType == ElementType.Float)
            {
                var floats = value.GetTensorMutableDataAsSpan<float>();
                for (int k = 0; k < floats.Length; k++) floats[k] = rng.NextSingle();
            }
            values[i] = value;
        }
        return new ModelInputs(inputs.Select(t => t.Name).ToArray(), values);
    }

    public static ModelInputs FromValues(string[] names, OrtValue[] values) => new(names, values);

    public void Dispose()
    {
        foreach (var v in Values) v.Dispose();
    }
}
