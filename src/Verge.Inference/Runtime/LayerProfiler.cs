using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Verge.Core.Statistics;
using Verge.Inference.Graph;

namespace Verge.Inference.Runtime;

/// <summary>
/// Per-node latency from ONNX Runtime's own profiler. Graph optimisations are switched off for attribution, so every
/// ONNX node is one kernel and its time maps back to it exactly; the whole model is then timed separately without
/// profiling, both with those settings and with full optimisations (see <see cref="ModelProfile"/>).
/// </summary>
public sealed class LayerProfiler(ProfileOptions options)
{
    public ModelProfile Profile(ModelGraph graph, IProgress<double>? progress = null)
    {
        using var feeds = ModelInputs.Create(graph.Inputs, InputFill.Random, options.Seed, graph.Source);
        var outputNames = graph.Outputs.Select(o => o.Name).ToArray();
        int steps = 3 * (options.Warmup + options.Runs), done = 0;
        void Step() => progress?.Report(++done / (double)steps);

        var traceDir = Directory.CreateTempSubdirectory("verge-profile-");
        try
        {
            Dictionary<string, double> medians;
            using (var so = Options(GraphOptimizationLevel.ORT_DISABLE_ALL))
            {
                // The prefix first: EnableProfiling hands ONNX Runtime the prefix it holds at that moment, and the
                // default one writes onnxruntime_profile__*.json into the working directory.
                so.ProfileOutputPathPrefix = Path.Combine(traceDir.FullName, "trace");
                so.EnableProfiling = true;
                using var session = OnnxSessions.Create(graph.Proto, so, graph.Source);
                for (int i = 0; i < options.Warmup + options.Runs; i++)
                {
                    Run(session, feeds, outputNames, graph.Source);
                    Step();
                }
                var trace = session.EndProfiling();
                var perRun = OrtTrace.KernelTimesPerRun(Path.IsPathRooted(trace) ? trace : Path.Combine(Environment.CurrentDirectory, trace));
                var timed = perRun.Skip(Math.Max(0, perRun.Count - options.Runs)).ToList();
                medians = graph.Nodes.ToDictionary(n => n.Name, n => timed.Count == 0 ? 0 : Stats.Median(timed.Select(r => r.GetValueOrDefault(n.Name))) / 1000.0);
                if (File.Exists(trace)) File.Delete(trace);
            }

            double whole = TimeWhole(graph, GraphOptimizationLevel.ORT_DISABLE_ALL, feeds, outputNames, Step);
            double optimized = TimeWhole(graph, GraphOptimizationLevel.ORT_ENABLE_ALL, feeds, outputNames, Step);
            var nodes = graph.Nodes.Select(n => new NodeTiming(n.Name, n.OpType, medians[n.Name], n.OutputBytes)).ToList();
            return new ModelProfile(graph.Source, options.Runs, options.Threads, whole, optimized, nodes) { Provider = options.Provider };
        }
        finally
        {
            traceDir.Delete(recursive: true);
        }
    }

    private double TimeWhole(ModelGraph graph, GraphOptimizationLevel level, ModelInputs feeds, string[] outputs, Action step)
    {
        using var so = Options(level);
        using var session = OnnxSessions.Create(graph.Proto, so, graph.Source);
        var samples = new List<double>(options.Runs);
        for (int i = 0; i < options.Warmup + options.Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Run(session, feeds, outputs, graph.Source);
            if (i >= options.Warmup) samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            step();
        }
        return Stats.Median(samples);
    }

    private SessionOptions Options(GraphOptimizationLevel level)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = level,
            IntraOpNumThreads = options.Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        // As the runtime's stage sessions run (StageSession): no spinning intra-op threads, so profiles predict them.
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            ExecutionProviders.Apply(so, options.Provider);
        }
        catch
        {
            so.Dispose();
            throw;
        }
        return so;
    }

    private static void Run(InferenceSession session, ModelInputs feeds, string[] outputs, string model)
    {
        using var ro = new RunOptions();
        try
        {
            using var results = session.Run(ro, feeds.Names, feeds.Values, outputs);
        }
        catch (OnnxRuntimeException e)
        {
            // A loaded model can still fail to run: a tensor too large for memory (std::bad_alloc), a shape an op refuses.
            throw OnnxSessions.RunFailed(model, e);
        }
    }
}
