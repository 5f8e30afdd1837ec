using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Verge.Inference.Privacy.Randomness;

/// <summary>
/// A deterministic stream for one party and purpose, for tests and papers only (`--party-seed`): AES-128 in counter
/// mode (<see cref="Prg"/>) under SHA-256(seed, role, purpose), so every party's streams are independent of each
/// other's and of the other purposes', and nothing about the seed shows in them. Anyone who knows the seed knows every
/// share, key and mask: a seeded run protects nothing.
/// </summary>
public sealed class SeededRandomSource : IRandomSource
{
    private readonly Prg _prg;
    private readonly Lock _gate = new();
    private ulong _block;

    public SeededRandomSource(int seed, string role, string purpose)
    {
        // NUL-separated, so that ("ab", "c") and ("a", "bc") name different streams.
        var label = Encoding.UTF8.GetBytes($"verge party seed\0{seed}\0{role}\0{purpose}");
        _prg = new Prg(SHA256.HashData(label).AsSpan(0, 16));
    }

    /// <summary>Takes whole 16-byte blocks of the stream (the rest of the last one is dropped), so the same draws in the same order give the same bytes.</summary>
    public void Fill(Span<byte> destination)
    {
        int blocks = (destination.Length + 15) / 16;
        var words = new ulong[blocks * 2];
        lock (_gate)
        {
            _prg.Fill(words, 0, _block);
            _block += (ulong)blocks;
        }
        MemoryMarshal.AsBytes(words.AsSpan())[..destination.Length].CopyTo(destination);
    }

    public void Dispose() => _prg.Dispose();
}
