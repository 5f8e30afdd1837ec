using Verge.Inference.Graph;
using Verge.Learning.Data.Streams;
using Verge.Learning.EarlyExit;
using Verge.Learning.Export;
using Verge.Learning.Training;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// The exits knob (BranchyNet, Teerapittayanon et al., ICPR 2016): an early-exit model (outputs exit1, …, final) where a
/// frame leaves at the first exit whose largest softmax probability reaches the threshold. Each threshold is one model
/// variant; a frame costs the MACs of every node up to the exit it left at (<see cref="ExitCosts"/>), so the cost per
/// frame depends on the content.
/// </summary>
public sealed class ExitVariants : IDisposable
{
    private readonly OnnxBatchRunner _runner;
    private readonly ExitCosts _costs;
    private readonly int[] _outputs;

    public ExitVariants(string modelPath, int threads)
    {
        _costs = ExitCosts.FromGraph(ModelGraph.Load(modelPath));
        _runner = new OnnxBatchRunner(modelPath, threads);
        _outputs = _costs.Exits.Select(e => _runner.OutputNames.ToList().IndexOf(e)).ToArray();
    }

    public static string Name(double threshold) => $"exits@{threshold:0.###}";

    /// <summary>One variant per threshold over every frame of <paramref name="stream"/>.</summary>
    public IReadOnlyList<KnobVariant> Run(FrameStream stream, IReadOnlyList<double> thresholds)
    {
        int exits = _outputs.Length;
        var answer = new int[stream.Count * exits];
        var confidence = new double[stream.Count * exits];
        const int Chunk = 512;
        var pixels = stream.Pixels();
        for (int start = 0; start < stream.Count; start += Chunk)
        {
            int n = Math.Min(Chunk, stream.Count - start);
            var outputs = _runner.Run(pixels.AsSpan(start * FrameStream.FrameSize, n * FrameStream.FrameSize), n);
            for (int e = 0; e < exits; e++)
            {
                var logits = outputs[_outputs[e]];
                int k = logits.Length / n;
                for (int i = 0; i < n; i++)
                {
                    var row = logits.AsSpan(i * k, k);
                    answer[(start + i) * exits + e] = Trainer.ArgMax(row);
                    confidence[(start + i) * exits + e] = ExitPolicy.Score(row, ConfidenceMeasure.MaxSoftmax);
                }
            }
        }
        return thresholds.Select(t =>
        {
            var answers = new int[stream.Count];
            var macs = new double[stream.Count];
            for (int i = 0; i < stream.Count; i++)
            {
                int e = 0;
                while (e < exits - 1 && confidence[i * exits + e] < t) e++;
                answers[i] = answer[i * exits + e];
                macs[i] = _costs.Macs[e];
            }
            return new KnobVariant(Name(t), answers, macs);
        }).ToList();
    }

    public void Dispose() => _runner.Dispose();
}
