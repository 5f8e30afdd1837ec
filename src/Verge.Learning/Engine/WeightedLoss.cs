namespace Verge.Learning.Engine;

/// <summary>
/// Σ wᵢ·lossᵢ over scalar losses, as one scalar that back-propagates wᵢ into each term: the joint loss of
/// distillation (soft and hard targets) and of early-exit networks (one term per exit).
/// </summary>
public static class WeightedLoss
{
    public static Tensor Sum(IReadOnlyList<Tensor> losses, IReadOnlyList<float> weights)
    {
        if (losses.Count == 0 || losses.Count != weights.Count)
            throw new ArgumentException($"{losses.Count} losses but {weights.Count} weights");
        double total = 0;
        for (int i = 0; i < losses.Count; i++)
        {
            if (losses[i].Length != 1) throw new ArgumentException($"loss {i} is not a scalar: {losses[i]}");
            total += (double)weights[i] * losses[i][0];
        }
        var sum = new Tensor([(float)total], 1);
        var terms = losses.ToArray();
        var w = weights.ToArray();
        sum.SetOrigin(() =>
        {
            float g = sum.Grad![0];
            for (int i = 0; i < terms.Length; i++)
                if (terms[i].RequiresGrad) terms[i].Grad![0] += w[i] * g;
        }, terms);
        return sum;
    }
}
