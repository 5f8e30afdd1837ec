using Verge.Learning.Engine;

namespace Verge.Learning.Federated;

/// <summary>
/// A model's whole state (weights and batch-norm statistics, in <see cref="Module.State"/> order) as one flat
/// float vector: what federated strategies average and codecs compress.
/// </summary>
public static class ModelVector
{
    public static int Length(Module model)
    {
        int n = 0;
        foreach (var s in model.State()) n += s.Tensor.Length;
        return n;
    }

    public static float[] Get(Module model)
    {
        var state = model.State();
        var flat = new float[Length(model)];
        int offset = 0;
        foreach (var s in state)
        {
            s.Tensor.Data.CopyTo(flat, offset);
            offset += s.Tensor.Length;
        }
        return flat;
    }

    public static void Set(Module model, ReadOnlySpan<float> flat)
    {
        var state = model.State();
        int offset = 0;
        foreach (var s in state)
        {
            if (offset + s.Tensor.Length > flat.Length) break;
            flat.Slice(offset, s.Tensor.Length).CopyTo(s.Tensor.Data);
            offset += s.Tensor.Length;
        }
        if (offset != flat.Length)
            throw new ArgumentException($"the model has {Length(model)} values, the vector {flat.Length}");
    }
}
