using Microsoft.ML.OnnxRuntime.Tensors;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Net.Wire;

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
    /// <param name="typical">The stage's time on the profiled host (speed 1), from the profile the plan was made with;
    /// an emulated node then takes exactly typical / speed, as an emulated link takes exactly bytes / bandwidth. Null: the
    /// median of warm-up runs here.</param>
    /// <param name="dilation">Time dilation factor k ≥ 1: the stage takes typical × k / speed (see <see cref="ComputePacer"/>).</param>
    /// <param name="provider">The ONNX Runtime execution provider (<see cref="ExecutionProviders"/>); one this build lacks is an
    /// <see cref="Core.Errors.InputException"/>, never a fall-back to the CPU.</param>
    public StageSession(byte[] model, IReadOnlyList<string>? inputs = null, IReadOnlyList<string>? outputs = null, int intraOpThreads = 1,
        double speed = 1.0, TimeSpan? typical = null, double dilation = 1.0, string provider = ExecutionProviders.Cpu)
    {
        _pacer = new ComputePacer(speed, dilation);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, intraOpThreads),
            InterOpNumThreads = 1,
        };
        // Several sessions share this host's cores (device, edge and cloud stages, the reference model); idle intra-op
        // threads that spin would steal time from the one that is computing.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        ExecutionProviders.Apply(options, provider);
        // ONNX Runtime would resolve external data paths against this process's working directory: a stage from bytes
        // must carry its weights inline, checked before any session exists.
        ExternalData.RefuseAll(ParseModel(model));
        _session = new InferenceSession(model, options);
        try
        {
            InputNames = Pick(inputs, _session.InputNames, "input");
            OutputNames = Pick(outputs, _session.OutputNames, "output");
            // Tensors a stage only hands on (skip connections crossing two cuts) are copied, not computed.
            _fetch = OutputNames.Where(o => !InputNames.Contains(o)).ToArray();
            if (_pacer.Emulates && typical is { } t) _pacer.Calibrate([t]);
            else if (_pacer.Emulates) WarmUp();
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> InputNames { get; }
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The emulated speed and the stage's typical run time on this host.</summary>
    public ComputePacer Pacer => _pacer;

    public FloatTensor[] Run(IReadOnlyList<FloatTensor> inputs)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var computed = _fetch.Length == 0 ? [] : Compute(inputs);
        _pacer.Stretch(System.Diagnostics.Stopwatch.GetElapsedTime(start));
        return Outputs(inputs, computed);
    }

    /// <summary>As <see cref="Run"/>, but the emulated node's wait holds no thread (ONNX Runtime itself runs on the caller's).</summary>
    public async Task<FloatTensor[]> RunAsync(IReadOnlyList<FloatTensor> inputs, CancellationToken ct = default)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var computed = _fetch.Length == 0 ? [] : Compute(inputs);
        await _pacer.StretchAsync(System.Diagnostics.Stopwatch.GetElapsedTime(start), ct);
        return Outputs(inputs, computed);
    }

    private FloatTensor[] Outputs(IReadOnlyList<FloatTensor> inputs, FloatTensor[] computed)
    {
        var outputs = new FloatTensor[OutputNames.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            int k = Array.IndexOf(_fetch, OutputNames[i]);
            outputs[i] = k >= 0 ? computed[k] : Find(inputs, OutputNames[i]);
        }
        return outputs;
    }

    private FloatTensor[] Compute(IReadOnlyList<FloatTensor> inputs)
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
            var outputs = new FloatTensor[_fetch.Length];
            for (int i = 0; i < outputs.Length; i++)
            {
                var info = results[i].GetTensorTypeAndShape();
                if (info.ElementDataType != TensorElementType.Float)
                    throw new ArgumentException($"output '{_fetch[i]}' is {info.ElementDataType}; stages send float tensors only");
                outputs[i] = new FloatTensor(_fetch[i], info.Shape, results[i].GetTensorDataAsSpan<float>().ToArray());
            }
            return outputs;
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    public void Dispose() => _session.Dispose();

    /// <summary>
    /// Runs the stage on zero inputs until 20 runs or 300 ms (at least 3 runs) and gives the pacer their median, so an
    /// emulated slow node takes a steady time per run. Stages with symbolic input dimensions keep per-run pacing.
    /// </summary>
    private void WarmUp()
    {
        if (_fetch.Length == 0) return;
        var inputs = new List<FloatTensor>();
        foreach (var name in InputNames)
        {
            var dims = _session.InputMetadata[name].Dimensions;
            if (dims.Any(d => d <= 0) || _session.InputMetadata[name].ElementDataType != TensorElementType.Float) return;
            inputs.Add(new FloatTensor(name, dims.Select(d => (long)d).ToArray(), new float[dims.Aggregate(1L, (a, d) => a * d)]));
        }
        var runs = new List<TimeSpan>();
        long begin = System.Diagnostics.Stopwatch.GetTimestamp();
        Compute(inputs);
        while (runs.Count < 20 && (runs.Count < 3 || System.Diagnostics.Stopwatch.GetElapsedTime(begin) < TimeSpan.FromMilliseconds(300)))
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            Compute(inputs);
            runs.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start));
        }
        _pacer.Calibrate(runs);
    }

    private static ModelProto ParseModel(byte[] model)
    {
        try { return ModelProto.Parser.ParseFrom(model); }
        catch (InvalidProtocolBufferException e) { throw new ArgumentException($"the model is not readable ONNX ({e.Message})"); }
    }

    private static FloatTensor Find(IReadOnlyList<FloatTensor> tensors, string name)
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
