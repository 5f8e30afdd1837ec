using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Graph.Extraction;

namespace Verge.Inference.Runtime;

/// <summary>
/// Runs split stages one after another in this process, handing tensors on by name, as the networked runtime does
/// across hops. Used to check that a split reproduces the whole model and as the device's local executor.
/// </summary>
public sealed class StagePipeline : IDisposable
{
    private readonly List<(InferenceSession? Session, ExtractedStage Stage, string[] Fetch)> _stages = [];

    public StagePipeline(IEnumerable<ExtractedStage> stages, int threads = 0)
    {
        foreach (var stage in stages)
        {
            var fetch = stage.Outputs.Where(o => !stage.Inputs.Contains(o)).ToArray();
            if (fetch.Length == 0)
            {
                // A stage at the very start or end of a model only hands its inputs on.
                _stages.Add((null, stage, fetch));
                continue;
            }
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            if (threads > 0) options.IntraOpNumThreads = threads;
            var session = new InferenceSession(stage.Model.ToByteArray(), options);
            _stages.Add((session, stage, fetch));
        }
    }

    /// <summary>Runs every stage; returns the last stage's outputs as float arrays, by name.</summary>
    public Dictionary<string, float[]> Run(ModelInputs inputs)
    {
        var live = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        var owned = new List<IDisposable>();
        try
        {
            for (int i = 0; i < inputs.Names.Length; i++) live[inputs.Names[i]] = inputs.Values[i];
            foreach (var (session, stage, fetch) in _stages)
            {
                if (session is null) continue;
                var feeds = stage.Inputs.Select(n => live[n]).ToArray();
                using var ro = new RunOptions();
                var results = session.Run(ro, stage.Inputs.ToArray(), feeds, fetch);
                owned.Add(results);
                for (int k = 0; k < fetch.Length; k++) live[fetch[k]] = results[k];
            }
            return _stages[^1].Stage.Outputs.ToDictionary(n => n, n => live[n].GetTensorDataAsSpan<float>().ToArray(), StringComparer.Ordinal);
        }
        finally
        {
            foreach (var d in owned) d.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var (session, _, _) in _stages) session?.Dispose();
    }
}
