using Verge.Core.Errors;
using Verge.Learning.Engine;

namespace Verge.Learning.Compression.Pruning;

/// <summary>
/// Global magnitude pruning (Han et al., Learning both Weights and Connections, NeurIPS 2015): the smallest |w|
/// across every convolution and fully connected weight of the model are set to zero, one threshold for all layers,
/// then the network is fine-tuned with the mask held (<see cref="MaskedOptimizer"/>).
/// </summary>
public static class MagnitudePruner
{
    /// <summary>The weights pruning applies to: trainable tensors of rank ≥ 2 (Conv and Linear weights; not biases or batch norm).</summary>
    public static IReadOnlyList<NamedTensor> Prunable(Module model) =>
        model.Parameters().Where(p => p.Tensor.Rank >= 2).ToList();

    /// <summary>Zeroes the <paramref name="sparsity"/> fraction of smallest-magnitude weights; returns the mask.</summary>
    public static PruningMask Prune(Module model, double sparsity)
    {
        new PruningOptions(sparsity).Validate();
        var weights = Prunable(model);
        if (weights.Count == 0) throw new UsageException("the model has no convolution or fully connected weights to prune");
        long total = weights.Sum(w => (long)w.Tensor.Length);
        var magnitudes = new float[total];
        var owners = new long[total];
        long at = 0;
        foreach (var w in weights)
            foreach (var v in w.Tensor.Data)
            {
                magnitudes[at] = MathF.Abs(v);
                owners[at] = at;
                at++;
            }
        // Sorting (|w|, position) pairs picks exactly round(s·total) weights, also when many magnitudes tie.
        Array.Sort(magnitudes, owners);
        long count = (long)Math.Round(sparsity * total);
        var pruned = weights.Select(w => new bool[w.Tensor.Length]).ToArray();
        var starts = new long[weights.Count];
        for (int i = 1; i < weights.Count; i++) starts[i] = starts[i - 1] + weights[i - 1].Tensor.Length;
        for (long k = 0; k < count; k++)
        {
            long position = owners[k];
            int tensor = Array.BinarySearch(starts, position);
            if (tensor < 0) tensor = ~tensor - 1;
            pruned[tensor][position - starts[tensor]] = true;
        }
        var mask = new PruningMask(weights.Select((w, i) => (w, pruned[i])).ToList());
        mask.Apply();
        return mask;
    }
}
