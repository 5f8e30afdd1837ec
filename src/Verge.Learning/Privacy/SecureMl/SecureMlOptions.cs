namespace Verge.Learning.Privacy.SecureMl;

/// <summary>
/// Public hyperparameters of two-server training (SecureML): logistic regression (<c>logreg</c>) or a one-hidden-
/// layer ReLU MLP (<c>mlp</c>) for a binary task, mini-batch SGD over a seeded public order of the rows, weights
/// initialised from <see cref="Seed"/> (public, so no party learns anything from them).
/// </summary>
public sealed record SecureMlOptions(string Model, int Epochs = 2, int Batch = 64, double LearningRate = 0.05, int Hidden = 16, int Seed = 1)
{
    public static readonly string[] Models = ["logreg", "mlp"];

    public bool IsMlp => Model == "mlp";

    /// <summary>Flat parameter vector: logreg [w (d), b]; mlp [W1 (d×h), b1 (h), W2 (h), b2].</summary>
    public int Parameters(int d) => IsMlp ? d * Hidden + Hidden + Hidden + 1 : d + 1;

    /// <summary>The public initial weights: zeros for logreg, uniform ±1/√fan-in for the MLP.</summary>
    public double[] Initial(int d)
    {
        var w = new double[Parameters(d)];
        if (!IsMlp) return w;
        var random = new Random(Seed);
        for (int i = 0; i < d * Hidden; i++) w[i] = (random.NextDouble() * 2 - 1) / Math.Sqrt(d);
        for (int i = 0; i < Hidden; i++) w[d * Hidden + Hidden + i] = (random.NextDouble() * 2 - 1) / Math.Sqrt(Hidden);
        return w;
    }

    /// <summary>The rows of every step, epoch by epoch (a seeded public shuffle; the last short batch is dropped).</summary>
    public IEnumerable<int[]> Steps(int rows)
    {
        var random = new Random(Seed + 1);
        for (int e = 0; e < Epochs; e++)
        {
            var order = Enumerable.Range(0, rows).ToArray();
            random.Shuffle(order);
            for (int s = 0; s + Batch <= rows; s += Batch) yield return order[s..(s + Batch)];
        }
    }
}
