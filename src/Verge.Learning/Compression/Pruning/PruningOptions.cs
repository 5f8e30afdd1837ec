using Verge.Core.Errors;

namespace Verge.Learning.Compression.Pruning;

/// <summary>
/// What to prune: <see cref="Fraction"/> is the share of weights zeroed (magnitude pruning) or of convolution
/// filters removed (structured pruning), in [0, 1).
/// </summary>
public sealed record PruningOptions(double Fraction, bool Structured = false)
{
    public PruningOptions Validate()
    {
        if (double.IsNaN(Fraction) || Fraction < 0 || Fraction >= 1)
            throw new UsageException($"pruning fraction {Fraction} is out of range; give the fraction to remove, at least 0 and below 1 (e.g. pruning fraction 0.8)") { Term = "pruning fraction" };
        return this;
    }
}
