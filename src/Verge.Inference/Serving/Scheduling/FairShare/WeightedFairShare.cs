namespace Verge.Inference.Serving.Scheduling.FairShare;

/// <summary>
/// Weighted fair sharing of compute between models (start-time fair queueing, Goyal et al., SIGCOMM 1996): each
/// model's virtual time advances by the compute it received divided by its weight, and the next free slot goes to
/// the ready model whose virtual time is least. A model that was idle rejoins at the least virtual time of those
/// served so far, so idleness earns no burst. Not thread-safe; its owner locks.
/// </summary>
public sealed class WeightedFairShare
{
    private readonly Dictionary<string, double> virtualTime = new(StringComparer.Ordinal);
    private double floor;

    /// <summary>Index in <paramref name="ready"/> of the model to serve next; -1 when none is ready.</summary>
    public int Pick(IReadOnlyList<string> ready)
    {
        int best = -1;
        double bestTime = double.MaxValue;
        for (int i = 0; i < ready.Count; i++)
        {
            double t = Math.Max(floor, virtualTime.GetValueOrDefault(ready[i]));
            if (t < bestTime)
            {
                bestTime = t;
                best = i;
            }
        }
        if (best >= 0) floor = bestTime;
        return best;
    }

    /// <summary>Charges a model for compute it received (any unit, e.g. seconds or rows).</summary>
    public void Charge(string model, double weight, double cost)
    {
        if (weight <= 0) throw new ArgumentOutOfRangeException(nameof(weight), "weights are positive");
        virtualTime[model] = Math.Max(floor, virtualTime.GetValueOrDefault(model)) + cost / weight;
    }

    public void Forget(string model) => virtualTime.Remove(model);
}
