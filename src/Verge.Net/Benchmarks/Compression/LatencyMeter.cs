using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Verge.Core.Statistics;

namespace Verge.Net.Benchmarks.Compression;

/// <summary>
/// Median single-image latency of several ONNX models in ONNX Runtime, measured round-robin (one run of each model
/// in turn) so that load from other processes on a shared machine hits every model alike.
/// </summary>
public static class LatencyMeter
{
    public static double[] MedianMs(IReadOnlyList<byte[]> models, float[] image, int threads, int runs, int warmup = 10)
    {
        var sessions = new List<InferenceSession>();
        var options = new List<SessionOptions>();
        try
        {
            foreach (var model in models)
            {
                var o = new SessionOptions
                {
                    GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                    IntraOpNumThreads = threads,
                    InterOpNumThreads = 1,
                    ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                };
                options.Add(o);
                sessions.Add(new InferenceSession(model, o));
            }
            using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 1, 28, 28]);
            using var runOptions = new RunOptions();
            var names = sessions.Select(s => (Input: s.InputMetadata.Keys.First(), Outputs: s.OutputMetadata.Keys.ToArray())).ToList();
            double Once(int i)
            {
                var clock = Stopwatch.StartNew();
                using var r = sessions[i].Run(runOptions, [names[i].Input], [input], names[i].Outputs);
                return clock.Elapsed.TotalMilliseconds;
            }
            for (int w = 0; w < warmup; w++)
                for (int i = 0; i < sessions.Count; i++) Once(i);
            var times = sessions.Select(_ => new double[runs]).ToArray();
            for (int k = 0; k < runs; k++)
                for (int i = 0; i < sessions.Count; i++) times[i][k] = Once(i);
            return times.Select(Stats.Median).ToArray();
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
            foreach (var o in options) o.Dispose();
        }
    }
}
