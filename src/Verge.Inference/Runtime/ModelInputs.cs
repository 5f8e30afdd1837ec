using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Verge.Core.Errors;
using Verge.Core.Units;
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

    /// <param name="model">The model's name for errors (a file or zoo name).</param>
    public static ModelInputs Create(IReadOnlyList<TensorInfo> inputs, InputFill fill, int seed = 42, string? model = null)
    {
        foreach (var t in inputs) CheckFits(t, model);
        var values = new OrtValue[inputs.Count];
        var rng = new Random(seed);
        for (int i = 0; i < inputs.Count; i++)
        {
            var t = inputs[i];
            if (!t.IsStatic)
                throw new InvalidOperationException($"input '{t.Name}' has no static shape");
            var value = Allocate(t, model);
            if (fill == InputFill.Random && t.ElementType == ElementType.Float)
            {
                var floats = value.GetTensorMutableDataAsSpan<float>();
                for (int k = 0; k < floats.Length; k++) floats[k] = rng.NextSingle();
            }
            values[i] = value;
        }
        return new ModelInputs(inputs.Select(t => t.Name).ToArray(), values);
    }

    /// <summary>A zeroed tensor for the input; an element type ONNX Runtime has no tensors of is the model's fault.</summary>
    private static OrtValue Allocate(TensorInfo t, string? model)
    {
        OrtValue? value = null;
        try
        {
            value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (TensorElementType)t.ElementType, t.Shape);
            value.GetTensorMutableRawData().Clear();
            return value;
        }
        catch (OnnxRuntimeException e)
        {
            value?.Dispose();
            var owner = model is null ? "" : $"'{model}': ";
            throw new InputException($"{owner}input '{t.Name}' of element type {t.TypeName} ({t.ElementType}) cannot be given to ONNX Runtime ({e.Message.Split('\n')[0]}); re-export the model with a supported input type");
        }
    }

    /// <summary>
    /// Refuses an input too big to allocate before ONNX Runtime tries (it fails with std::bad_alloc, or the process is
    /// killed): a model may declare 1×4×100000×100000, and the product can overflow a long.
    /// </summary>
    private static void CheckFits(TensorInfo t, string? model)
    {
        if (!t.IsStatic) return;
        double bytes = t.Shape.Aggregate((double)Math.Max(1, ElementType.Size(t.ElementType)), (a, d) => a * d);
        long limit = MemoryLimit;
        if (bytes <= limit) return;
        var size = bytes < long.MaxValue ? new DataSize((long)bytes).ToString() : $"{bytes:G3} bytes";
        var owner = model is null ? "" : $"'{model}': ";
        throw new InputException($"{owner}input '{t.Name}' is {t.ShapeText} {t.TypeName}, {size}: more than the {new DataSize(limit)} this host can hold; give it a smaller shape (a shape override for symbolic dimensions, or re-export the model)")
        {
            Term = "a shape override",
        };
    }

    /// <summary>Half the memory the process may use: inputs beside the model's own weights and activations.</summary>
    private static long MemoryLimit => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    public static ModelInputs FromValues(string[] names, OrtValue[] values) => new(names, values);

    public void Dispose()
    {
        foreach (var v in Values) v.Dispose();
    }
}
