using System.Security.Cryptography;

namespace Verge.Inference.Privacy.Randomness;

/// <summary>The operating system's cryptographic generator: fresh randomness, which the protocols' security rests on.</summary>
public sealed class OsRandomSource : IRandomSource
{
    public static readonly OsRandomSource Instance = new();

    private OsRandomSource()
    {
    }

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);

    /// <summary>Nothing to release: the one instance is shared.</summary>
    public void Dispose()
    {
    }
}
