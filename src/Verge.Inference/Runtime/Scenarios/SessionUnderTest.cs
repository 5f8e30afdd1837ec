using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Graph;

namespace Verge.Inference.Runtime.Scenarios;

/// <summary>The system under test: one ONNX Runtime session of the whole model on a chosen provider, fed the same random sample every query.</summary>
public sealed class SessionUnderTest : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelInputs _feeds;
    private readonly string[] _outputs;
    private readonly string _label;

    public SessionUnderTest(ModelGraph graph, int threads, string provider, int seed = 42)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        ExecutionProviders.Apply(options, provider);
        _label = graph.Source;
        _feeds = ModelInputs.Create(graph.Inputs, InputFill.Random, seed, graph.Source);
        _outputs = graph.Outputs.Select(o => o.Name).ToArray();
        _session = OnnxSessions.Create(graph.Proto, options, graph.Source);
    }

    /// <summary>Runs one query to completion.</summary>
    public void Issue()
    {
        using var ro = new RunOptions();
        try
        {
            using var results = _session.Run(ro, _feeds.Names, _feeds.Values, _outputs);
        }
        catch (OnnxRuntimeException e)
        {
            throw OnnxSessions.RunFailed(_label, e);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _feeds.Dispose();
    }
}
