using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// The pseudorandom generator that expands a 32-byte seed into a mask vector (Bonawitz et al., CCS 2017, §4: "PRG"):
/// AES-256 in counter mode, block i = E_seed(i), read as little-endian 32-bit words. Masks live in the ring of
/// 2^32 (uint arithmetic wraps), which 2^b divides, so reducing to b bits afterwards keeps every cancellation.
/// </summary>
public static class MaskStream
{
    private const int BlocksPerBatch = 256;

    /// <summary>vector[i] += sign · PRG(seed)[i] (mod 2^32), with sign +1 or −1.</summary>
    public static void Apply(Span<uint> vector, ReadOnlySpan<byte> seed, int sign)
    {
        if (seed.Length != 32) throw new ArgumentException("a mask seed has 32 bytes", nameof(seed));
        if (sign is not (1 or -1)) throw new ArgumentOutOfRangeException(nameof(sign));
        using var aes = Aes.Create();
        aes.Key = seed.ToArray();
        var counters = new byte[16 * BlocksPerBatch];
        var stream = new byte[counters.Length];
        for (int start = 0; start < vector.Length; start += 4 * BlocksPerBatch)
        {
            long block = start / 4;
            for (int b = 0; b < BlocksPerBatch; b++) BinaryPrimitives.WriteInt64LittleEndian(counters.AsSpan(16 * b), block + b);
            aes.EncryptEcb(counters, stream, PaddingMode.None);
            var words = MemoryMarshal.Cast<byte, uint>(stream.AsSpan());
            int count = Math.Min(words.Length, vector.Length - start);
            var target = vector.Slice(start, count);
            if (sign > 0) for (int i = 0; i < count; i++) target[i] += LittleEndian(words[i]);
            else for (int i = 0; i < count; i++) target[i] -= LittleEndian(words[i]);
        }
    }

    private static uint LittleEndian(uint word) => BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
}
