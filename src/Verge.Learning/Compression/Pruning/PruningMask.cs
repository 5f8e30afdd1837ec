using Verge.Learning.Engine;

namespace Verge.Learning.Compression.Pruning;

/// <summary>
/// Which weights are pruned, per tensor: <see cref="Apply"/> zeroes them again, so that fine-tuning (which moves
/// every weight) keeps the pruned ones at exactly zero when it runs after each optimizer step.
/// </summary>
public sealed class PruningMask
{
    private readonly List<(NamedTensor Weight, bool[] Pruned)> _entries;

    internal PruningMask(List<(NamedTensor Weight, bool[] Pruned)> entries) => _entries = entries;

    /// <summary>The masked tensors' names, in model order.</summary>
    public IReadOnlyList<string> Tensors => _entries.Select(e => e.Weight.Name).ToList();

    public long PrunedCount => _entries.Sum(e => (long)e.Pruned.Count(p => p));

    public long TotalCount => _entries.Sum(e => (long)e.Pruned.Length);

    /// <summary>Fraction of the masked tensors' weights that are pruned.</summary>
    public double Sparsity => TotalCount == 0 ? 0 : (double)PrunedCount / TotalCount;

    public bool IsPruned(string tensor, int index) => _entries.First(e => e.Weight.Name == tensor).Pruned[index];

    /// <summary>Sets every pruned weight to zero.</summary>
    public void Apply()
    {
        foreach (var (weight, pruned) in _entries)
        {
            var data = weight.Tensor.Data;
            for (int i = 0; i < data.Length; i++)
                if (pruned[i]) data[i] = 0f;
        }
    }

    /// <summary>Fraction of exact zeros among the weights of <see cref="MagnitudePruner.Prunable"/> tensors.</summary>
    public static double MeasureSparsity(Module model)
    {
        long zeros = 0, total = 0;
        foreach (var w in MagnitudePruner.Prunable(model))
        {
            foreach (var v in w.Tensor.Data) if (v == 0f) zeros++;
            total += w.Tensor.Length;
        }
        return total == 0 ? 0 : (double)zeros / total;
    }
}
