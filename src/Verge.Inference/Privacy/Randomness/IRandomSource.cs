namespace Verge.Inference.Privacy.Randomness;

/// <summary>
/// Where a party of a private protocol draws its secret randomness (shares' masks, keys, Paillier primes and
/// randomizers, ReLU masks and shuffles): <see cref="OsRandomSource"/> always, except in tests and for papers, where
/// <see cref="SeededRandomSource"/> makes a run repeat exactly. Implementations are thread-safe; callers that draw
/// inside a parallel loop draw before it, so a seeded stream is consumed in one order.
/// </summary>
public interface IRandomSource : IDisposable
{
    /// <summary>Fills <paramref name="destination"/> with uniform bytes.</summary>
    void Fill(Span<byte> destination);
}
