namespace Verge.Learning.Federated.AsyncSgd;

/// <summary>
/// The server side of staleness-aware sparsified asynchronous SGD (AdaComp: Hardy, Le Merrer and Sericola,
/// "Distributed deep learning on edge-devices: feasibility via adaptive compression", NCA 2017): workers send only
/// the components they select (top-k here), and the server applies each component as it arrives, damped by that
/// component's own staleness — how many updates touched that parameter since the worker pulled — rather than by
/// one staleness for the whole vector, so a sparse update to rarely-touched parameters is not discounted for the
/// traffic on others. The damping is <see cref="AsyncSgdStrategy"/>'s: Mixing·(1+τ)^(−StalenessExponent).
/// Not thread-safe: the caller serialises pulls and applies.
/// </summary>
public sealed class SparseStalenessModel(float[] initialWeights, AsyncSgdOptions options)
{
    private readonly float[] _weights = (float[])initialWeights.Clone();
    private readonly int[] _touched = new int[initialWeights.Length];

    public AsyncSgdOptions Options { get; } = options;
    public int Length => _weights.Length;
    /// <summary>Updates applied so far (the model version a pull is tagged with).</summary>
    public long Version { get; private set; }
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>A pull: the weights a worker starts from, and each parameter's update count at that moment.</summary>
    public (float[] Weights, int[] Touched) Pull() => ((float[])_weights.Clone(), (int[])_touched.Clone());

    /// <summary>
    /// Applies a (sparse) update computed from a pull: each non-zero component i moves by
    /// Weight(τ_i)·Δ_i with τ_i the updates to i since <paramref name="touchedAtPull"/>. Returns the mean staleness over the applied components.
    /// </summary>
    public double Apply(ReadOnlySpan<float> delta, ReadOnlySpan<int> touchedAtPull)
    {
        if (delta.Length != _weights.Length || touchedAtPull.Length != _weights.Length)
            throw new ArgumentException($"update of {delta.Length} values for a model of {_weights.Length}");
        long staleness = 0, applied = 0;
        for (int i = 0; i < delta.Length; i++)
        {
            if (delta[i] == 0f) continue;
            int tau = Math.Max(0, _touched[i] - touchedAtPull[i]);
            _weights[i] += Weight(tau) * delta[i];
            _touched[i]++;
            staleness += tau;
            applied++;
        }
        Version++;
        return applied == 0 ? 0 : (double)staleness / applied;
    }

    /// <summary>The weight of a component τ updates stale (as <see cref="AsyncSgdStrategy.Weight"/>).</summary>
    public float Weight(long staleness) => Options.Mixing * MathF.Pow(1f + Math.Max(0, staleness), -Options.StalenessExponent);
}
