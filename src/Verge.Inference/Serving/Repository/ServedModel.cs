using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Serving.Scheduling.Admission;
using Verge.Inference.Serving.Scheduling.Batching;

namespace Verge.Inference.Serving.Repository;

/// <summary>
/// One loaded version of a repository model: its config, its inputs and outputs (-1 where a dimension is symbolic),
/// whether requests can be batched, its latency profile, and one ONNX Runtime session per instance. Owns the
/// sessions. A model whose batch dimension is fixed is served unbatched, and <see cref="BatchingNote"/> says so.
/// </summary>
public sealed class ServedModel : IDisposable
{
    private ServedModel(string path, long version, ModelConfig config, IReadOnlyList<TensorInfo> inputs, IReadOnlyList<TensorInfo> outputs,
        string batchingNote, InferenceSession[] sessions)
    {
        Path = path;
        Version = version;
        Config = config;
        Inputs = inputs;
        Outputs = outputs;
        BatchingNote = batchingNote;
        Sessions = sessions;
        Batched = batchingNote.Length == 0;
        Profile = new LatencyProfile([]);
    }

    public string Name => Config.Name;
    public long Version { get; }
    public string Path { get; }
    public ModelConfig Config { get; }
    public IReadOnlyList<TensorInfo> Inputs { get; }
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>True when the first dimension of every input and output is the batch, so requests can be concatenated.</summary>
    public bool Batched { get; }

    /// <summary>Why the model is served unbatched; empty when it is batched.</summary>
    public string BatchingNote { get; }

    /// <summary>The batch limits the scheduler applies: the config's, or one request per run when unbatched.</summary>
    public BatchLimits Limits => Batched ? Config.Limits : BatchLimits.Unbatched;

    /// <summary>Most rows one request may bring: the batch limit when batched; unbounded (one run per request) otherwise.</summary>
    public int MaxRowsPerRequest => Batched ? Config.MaxBatchSize : int.MaxValue;

    public LatencyProfile Profile { get; private set; }

    /// <summary>One session per instance; the dispatcher runs at most one batch on each at a time.</summary>
    public IReadOnlyList<InferenceSession> Sessions { get; }

    /// <summary>Reads and checks the ONNX file, opens its sessions and measures its latency profile.</summary>
    public static ServedModel Load(string path, long version, ModelConfig config)
    {
        var proto = OnnxModelFile.Read(path);
        var inputs = DeclaredInputs.Of(proto).ToList();
        var outputs = proto.Graph.Output.Select(o => ShapeResolver.FromValueInfo(o) ?? new TensorInfo(o.Name, 0, [-1])).ToList();
        foreach (var t in inputs.Concat(outputs))
            if (ElementType.Size(t.ElementType) == 0)
                throw new InputException($"{path}: tensor '{t.Name}' has type {t.TypeName}, which the server does not carry; export numeric inputs and outputs");

        var sessions = new InferenceSession[Math.Max(1, config.Instances)];
        try
        {
            var bytes = proto.ToByteArray();
            for (int i = 0; i < sessions.Length; i++)
            {
                using var options = new SessionOptions { IntraOpNumThreads = 1 };
                sessions[i] = new InferenceSession(bytes, options);
            }
        }
        catch (OnnxRuntimeException e)
        {
            foreach (var s in sessions) s?.Dispose();
            throw new InputException($"{path}: ONNX Runtime cannot load it ({e.Message.ReplaceLineEndings(" ")}); re-export the model", e);
        }

        var model = new ServedModel(path, version, config, inputs, outputs, BatchingNoteFor(config, inputs, outputs), sessions);
        model.Profile = LatencyProfiler.Measure(sessions[0], inputs, config.MaxBatchSize, model.Batched, config.ProfileRuns);
        return model;
    }

    private static string BatchingNoteFor(ModelConfig config, IReadOnlyList<TensorInfo> inputs, IReadOnlyList<TensorInfo> outputs)
    {
        if (config.MaxBatchSize == 0)
            return "max_batch_size is 0: served unbatched, one request per run";
        foreach (var t in inputs.Concat(outputs))
        {
            bool unknownRank = t.Shape is [-1] && outputs.Contains(t);
            if (!unknownRank && (t.Shape.Length == 0 || t.Shape[0] >= 0))
                return $"'{t.Name}' has a fixed batch dimension ({t.ShapeText}): served unbatched, one request per run; " +
                       "re-export the model with a symbolic first dimension to batch it";
        }
        return "";
    }

    public void Dispose()
    {
        foreach (var s in Sessions) s.Dispose();
    }
}
