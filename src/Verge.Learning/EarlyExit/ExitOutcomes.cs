using System.Numerics.Tensors;

namespace Verge.Learning.EarlyExit;

/// <summary>
/// Every exit's prediction and confidence for every sample of a data set, with the labels: what a policy needs to
/// be evaluated or calibrated without running the network again.
/// </summary>
public sealed class ExitOutcomes
{
    private readonly double[] _scores;
    private readonly int[] _predictions;

    /// <param name="exitLogits">per exit (final last), [samples × classes] logits</param>
    public ExitOutcomes(IReadOnlyList<float[]> exitLogits, int[] labels, ConfidenceMeasure measure)
    {
        if (exitLogits.Count < 2) throw new ArgumentException("early exits need at least two exits (one early, one final)");
        (Exits, Samples, Labels, Measure) = (exitLogits.Count, labels.Length, labels, measure);
        _scores = new double[Samples * Exits];
        _predictions = new int[Samples * Exits];
        for (int e = 0; e < Exits; e++)
        {
            if (exitLogits[e].Length % Math.Max(1, Samples) != 0) throw new ArgumentException($"exit {e} has {exitLogits[e].Length} logits for {Samples} samples");
            int k = Samples == 0 ? 0 : exitLogits[e].Length / Samples;
            for (int i = 0; i < Samples; i++)
            {
                var row = exitLogits[e].AsSpan(i * k, k);
                _scores[i * Exits + e] = ExitPolicy.Score(row, measure);
                _predictions[i * Exits + e] = TensorPrimitives.IndexOfMax<float>(row);
            }
        }
    }

    public int Exits { get; }
    public int Samples { get; }
    public int[] Labels { get; }
    public ConfidenceMeasure Measure { get; }

    public ReadOnlySpan<double> Scores(int sample) => _scores.AsSpan(sample * Exits, Exits);

    public double Score(int sample, int exit) => _scores[sample * Exits + exit];

    public bool Correct(int sample, int exit) => _predictions[sample * Exits + exit] == Labels[sample];

    /// <summary>Accuracy of one exit taking every sample.</summary>
    public double ExitAccuracy(int exit)
    {
        int correct = 0;
        for (int i = 0; i < Samples; i++) if (Correct(i, exit)) correct++;
        return Samples == 0 ? 0 : (double)correct / Samples;
    }
}
