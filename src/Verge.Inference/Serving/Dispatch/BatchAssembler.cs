using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Repository;

namespace Verge.Inference.Serving.Dispatch;

/// <summary>
/// Checks a request's tensors against its model, concatenates a batch's inputs along the batch dimension into
/// ONNX Runtime values, and splits the outputs back into each request's rows. Raw bytes throughout, so every
/// fixed-size element type goes through unchanged.
/// </summary>
public static class BatchAssembler
{
    /// <summary>The request's rows along the batch dimension (1 for an unbatched model); throws when a tensor does not fit the model.</summary>
    public static int Validate(ServedModel model, IReadOnlyList<NamedTensor> inputs)
    {
        string Where(string what) => $"model '{model.Name}' version {model.Version}: {what}";
        foreach (var t in inputs)
            if (!model.Inputs.Any(i => i.Name == t.Name))
                throw Invalid(Where($"unknown input '{t.Name}'; its inputs are {string.Join(", ", model.Inputs.Select(i => $"{i.Name} {i.TypeName}[{i.ShapeText}]"))}"));
        int rows = -1;
        foreach (var declared in model.Inputs)
        {
            var given = inputs.Where(t => t.Name == declared.Name).ToList();
            if (given.Count != 1)
                throw Invalid(Where($"input '{declared.Name}' given {given.Count} times; give it once, {declared.TypeName}[{declared.ShapeText}]"));
            var t = given[0];
            if (t.ElementType != declared.ElementType)
                throw Invalid(Where($"input '{t.Name}' is {ElementType.Name(t.ElementType)}, the model wants {declared.TypeName}; convert it"));
            if (t.Shape.Length != declared.Shape.Length || t.Shape.Any(d => d <= 0))
                throw Invalid(Where($"input '{t.Name}' has shape {t.ShapeText}, the model wants [{declared.ShapeText}] with positive dimensions"));
            for (int d = 0; d < t.Shape.Length; d++)
                if (declared.Shape[d] >= 0 && declared.Shape[d] != t.Shape[d])
                    throw Invalid(Where($"input '{t.Name}' has shape {t.ShapeText}, the model wants [{declared.ShapeText}]; dimension {d} must be {declared.Shape[d]}"));
            long elements = t.Shape.Aggregate(1L, (a, d) => a * d);
            if (t.Data.Length != elements * ElementType.Size(t.ElementType))
                throw Invalid(Where($"input '{t.Name}' holds {t.Data.Length} bytes, its shape {t.ShapeText} needs {elements * ElementType.Size(t.ElementType)}"));
            if (!model.Batched) continue;
            if (rows >= 0 && t.Shape[0] != rows)
                throw Invalid(Where($"inputs disagree on the batch dimension ({rows} and {t.Shape[0]} rows); give every input the same first dimension"));
            rows = (int)Math.Min(t.Shape[0], int.MaxValue);
        }
        if (!model.Batched) return 1;
        if (rows > model.Config.MaxBatchSize)
            throw Invalid(Where($"{rows} rows exceed max_batch_size {model.Config.MaxBatchSize}; split the request"));
        return Math.Max(rows, 1);
    }

    /// <summary>A key equal for requests whose tensors can be concatenated: their shapes past the batch dimension.</summary>
    public static string ShapeKey(IReadOnlyList<NamedTensor> inputs) =>
        string.Join(';', inputs.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => string.Join(',', t.Shape.Skip(1))));

    /// <summary>One feed per model input: the requests' tensors concatenated along the first dimension (as given when alone).</summary>
    public static ModelInputs Feeds(ServedModel model, IReadOnlyList<IReadOnlyList<NamedTensor>> requests)
    {
        var names = model.Inputs.Select(i => i.Name).ToArray();
        var values = new OrtValue[names.Length];
        try
        {
            for (int k = 0; k < names.Length; k++)
            {
                var parts = requests.Select(r => r.First(t => t.Name == names[k])).ToList();
                var shape = (long[])parts[0].Shape.Clone();
                if (parts.Count > 1) shape[0] = parts.Sum(p => p.Shape[0]);
                values[k] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (TensorElementType)parts[0].ElementType, shape);
                var target = values[k].GetTensorMutableRawData();
                int offset = 0;
                foreach (var p in parts)
                {
                    p.Data.Span.CopyTo(target[offset..]);
                    offset += p.Data.Length;
                }
            }
        }
        catch
        {
            foreach (var v in values) v?.Dispose();
            throw;
        }
        return ModelInputs.FromValues(names, values);
    }

    /// <summary>Each request's slice of every output, in order: the first dimension split by the requests' rows.</summary>
    public static List<NamedTensor>[] Split(ServedModel model, IReadOnlyList<string> names, IReadOnlyList<OrtValue> outputs, IReadOnlyList<int> rows)
    {
        var result = new List<NamedTensor>[rows.Count];
        for (int r = 0; r < rows.Count; r++) result[r] = new List<NamedTensor>(outputs.Count);
        int total = rows.Sum();
        for (int k = 0; k < outputs.Count; k++)
        {
            var info = outputs[k].GetTensorTypeAndShape();
            var shape = info.Shape;
            var bytes = outputs[k].GetTensorMutableRawData();
            int type = (int)info.ElementDataType;
            if (rows.Count == 1)
            {
                result[0].Add(new NamedTensor(names[k], type, shape, bytes.ToArray()));
                continue;
            }
            if (shape.Length == 0 || shape[0] != total)
                throw new ServingException(ServingError.ExecutionFailed,
                    $"model '{model.Name}': output '{names[k]}' has {(shape.Length == 0 ? "no" : shape[0].ToString())} rows for a batch of {total}; serve it unbatched (max_batch_size: 0)");
            int rowBytes = bytes.Length / total, offset = 0;
            for (int r = 0; r < rows.Count; r++)
            {
                var part = (long[])shape.Clone();
                part[0] = rows[r];
                result[r].Add(new NamedTensor(names[k], type, part, bytes.Slice(offset, rows[r] * rowBytes).ToArray()));
                offset += rows[r] * rowBytes;
            }
        }
        return result;
    }

    private static ServingException Invalid(string message) => new(ServingError.InvalidInput, message);
}
