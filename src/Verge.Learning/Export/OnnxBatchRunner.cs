using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Graph;

namespace Verge.Learning.Export;

/// <summary>
/// Runs an image classifier exported with a static batch of 1 on many images per call: the copy given to ONNX
/// Runtime has a symbolic batch dimension (Verge's exports flatten with axis 1, so every op is batch-agnostic).
/// When a graph does not allow that, it falls back to one image per run. Every float output comes back, in the
/// graph's order, as [count × per-image values].
/// </summary>
public sealed class OnnxBatchRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _input;
    private readonly long[] _imageShape;

    public OnnxBatchRunner(string modelPath, int threads = 2)
    {
        if (!File.Exists(modelPath)) throw new InputException($"model '{modelPath}' does not exist; give an ONNX file");
        var model = OnnxModelFile.Read(modelPath);
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = model.Graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        if (inputs.Count != 1 || inputs[0].Type?.TensorType?.Shape is not { Dim.Count: >= 2 } shape)
            throw new InputException($"model '{modelPath}' must take one image tensor [1, C, H, W]");
        _input = inputs[0].Name;
        _imageShape = shape.Dim.Skip(1).Select(d => d.DimValue).ToArray();
        if (_imageShape.Any(d => d <= 0)) throw new InputException($"model '{modelPath}' input '{_input}' has no static image shape");
        foreach (var value in model.Graph.Input.Where(i => i.Name == _input).Concat(model.Graph.Output))
            if (value.Type?.TensorType?.Shape is { Dim.Count: > 0 } s) s.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        model.Graph.ValueInfo.Clear();
        OutputNames = model.Graph.Output.Select(o => o.Name).ToArray();
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        _session = OnnxSessions.Create(model, options, modelPath);
    }

    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Values per image (C·H·W).</summary>
    public int ImageSize => (int)_imageShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>False once a batched run failed and the runner went to one image per run.</summary>
    public bool Batched { get; private set; } = true;

    /// <summary>Every output for <paramref name="count"/> images laid one after another in <paramref name="pixels"/>.</summary>
    public float[][] Run(ReadOnlySpan<float> pixels, int count)
    {
        if (pixels.Length != count * ImageSize) throw new ArgumentException($"{pixels.Length} values for {count} images of {ImageSize}");
        if (Batched && count > 1)
        {
            try { return RunOnce(pixels, count); }
            catch (OnnxRuntimeException) { Batched = false; }
        }
        var results = new List<float>[OutputNames.Count];
        for (int o = 0; o < results.Length; o++) results[o] = [];
        for (int i = 0; i < count; i++)
        {
            var one = RunOnce(pixels.Slice(i * ImageSize, ImageSize), 1);
            for (int o = 0; o < one.Length; o++) results[o].AddRange(one[o]);
        }
        return results.Select(r => r.ToArray()).ToArray();
    }

    private float[][] RunOnce(ReadOnlySpan<float> pixels, int count)
    {
        var buffer = pixels.ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(buffer, [count, .. _imageShape]);
        using var outputs = _session.Run(_runOptions, [_input], [input], OutputNames.ToArray());
        return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
