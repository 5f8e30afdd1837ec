namespace Verge.Learning.Privacy.Audit;

/// <summary>
/// What a model's logits say about each labelled example, the signals of the attacks: the cross-entropy loss (Yeom et
/// al., CSF 2018) and the logit-scaled confidence φ = log(p_y / (1 − p_y)) (Carlini et al., S&amp;P 2022, §IV-B),
/// computed as z_y − log Σ_{j≠y} exp z_j so that it stays finite when p_y rounds to 1.
/// </summary>
public sealed record MembershipSignals(double[] Loss, double[] ScaledConfidence)
{
    /// <summary>From <paramref name="logits"/> laid [count × classes] and one label per example.</summary>
    public static MembershipSignals FromLogits(ReadOnlySpan<float> logits, IReadOnlyList<int> labels)
    {
        int count = labels.Count;
        if (count == 0 || logits.Length % count != 0) throw new ArgumentException($"{logits.Length} logits for {count} labels");
        int classes = logits.Length / count;
        var loss = new double[count];
        var phi = new double[count];
        for (int i = 0; i < count; i++)
        {
            var z = logits.Slice(i * classes, classes);
            int y = labels[i];
            if ((uint)y >= (uint)classes) throw new ArgumentException($"label {y} outside {classes} classes");
            double max = double.NegativeInfinity, maxOther = double.NegativeInfinity;
            for (int j = 0; j < classes; j++)
            {
                max = Math.Max(max, z[j]);
                if (j != y) maxOther = Math.Max(maxOther, z[j]);
            }
            double all = 0, others = 0;
            for (int j = 0; j < classes; j++)
            {
                all += Math.Exp(z[j] - max);
                if (j != y) others += Math.Exp(z[j] - maxOther);
            }
            loss[i] = max + Math.Log(all) - z[y];
            phi[i] = z[y] - (maxOther + Math.Log(others));
        }
        return new MembershipSignals(loss, phi);
    }
}
