using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Verge.Net.Stages;

/// <summary>
/// One stage in ONNX Runtime (all graph optimisations on): takes named float tensors, returns the named outputs.
/// Thread-safe for concurrent <see cref="Run"/> calls; the owner disposes it.
/// </summary>
public sealed class StageSession : IDisposable
{
    private readonly InferenceSession _session;

    public StageSession(byte[] model, IReadOnlyList<string>? inputs = null, IReadOnlyList<string>? outputs = null, int intraOpThreads = 1)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, intraOpThreads),
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(model, options);
        try
        {
            InputNames = Pick(inputs, _session.InputNames, "input");
            OutputNames = Pick(outputs, _session.OutputNames, "output");
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> InputNames { get; }
    public IReadOnlyList<string> OutputNames { get; }

    public NamedTensor[] Run(IReadOnlyList<NamedTensor> inputs)
    {
        var values = new OrtValue[InputNames.Count];
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                var t = Find(inputs, InputNames[i]);
                values[i] = OrtValue.CreateTensorValueFromMemory(t.Data, t.Shape);
            }
            using var run = new RunOptions();
            using var results = _session.Run(run, InputNames, values, OutputNames);
            var outputs = new NamedTensor[OutputNames.Count];
            for (int i = 0; i < outputs.Length; i++)
            {
                var info = results[i].GetTensorTypeAndShape();
                if (info.ElementDataType != TensorElementType.Float)
                    throw new ArgumentException($"output '{OutputNames[i]}' is {info.ElementDataType}; stages send float tensors only");
                outputs[i] = new NamedTensor(OutputNames[i], info.Shape, results[i].GetTensorDataAsSpan<float>().ToArray());
            }
            return outputs;
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    public void Dispose() => _session.Dispose();

    private static NamedTensor Find(IReadOnlyList<NamedTensor> tensors, string name)
    {
        foreach (var t in tensors)
            if (t.Name == name) return t;
        throw new ArgumentException($"input '{name}' is missing; the tensors given are: {string.Join(", ", tensors.Select(t => t.Name).DefaultIfEmpty("none"))}");
    }

    private static string[] Pick(IReadOnlyList<string>? wanted, IReadOnlyList<string> declared, string kind)
    {
        if (wanted is null || wanted.Count == 0) return [.. declared];
        foreach (var name in wanted)
            if (!declared.Contains(name))
                throw new ArgumentException($"the model has no {kind} '{name}'; its {kind}s are {string.Join(", ", declared)}");
        return [.. wanted];
    }
}
