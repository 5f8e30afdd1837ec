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

    private readonly ComputePacer _pacer;
    private readonly string[] _fetch;

    /// <param name="speed">Emulated speed relative to this host (see <see cref="ComputePacer"/>); 1 runs as is.</param>
    public StageSession(byte[] model, IReadOnlyList<string>? inputs = null, IReadOnlyList<string>? outputs = null, int intraOpThreads = 1, double speed = 1.0)
    {
        _pacer = new ComputePacer(speed);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, intraOpThreads),
            InterOpNumThreads = 1,
        };
        // Several sessions share this host's cores (device, edge and cloud stages, the reference model); idle intra-op
        // threads that spin would steal time from the one that is computing.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(model, options);
        try
        {
            InputNames = Pick(inputs, _session.InputNames, "input");
            OutputNames = Pick(outputs, _session.OutputNames, "output");
            // Tensors a stage only hands on (skip connections crossing two cuts) are copied, not computed.
            _fetch = OutputNames.Where(o => !InputNames.Contains(o)).ToArray();
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
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var computed = _fetch.Length == 0 ? [] : Compute(inputs);
        _pacer.Stretch(System.Diagnostics.Stopwatch.GetElapsedTime(start));
        var outputs = new NamedTensor[OutputNames.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            int k = Array.IndexOf(_fetch, OutputNames[i]);
            outputs[i] = k >= 0 ? computed[k] : Find(inputs, OutputNames[i]);
        }
        return outputs;
    }

    private NamedTensor[] Compute(IReadOnlyList<NamedTensor> inputs)
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
            using var results = _session.Run(run, InputNames, values, _fetch);
            var outputs = new NamedTensor[_fetch.Length];
            for (int i = 0; i < outputs.Length; i++)
            {
                var info = results[i].GetTensorTypeAndShape();
                if (info.ElementDataType != TensorElementType.Float)
                    throw new ArgumentException($"output '{_fetch[i]}' is {info.ElementDataType}; stages send float tensors only");
                outputs[i] = new NamedTensor(_fetch[i], info.Shape, results[i].GetTensorDataAsSpan<float>().ToArray());
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
