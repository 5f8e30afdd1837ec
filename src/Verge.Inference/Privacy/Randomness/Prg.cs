using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
namespace Verge.Inference.Privacy.Randomness;

/// <summary>
/// A pseudo-random generator: AES-128 in counter mode under a secret key, one independent stream per 64-bit stream
/// id (the high half of the counter block). The dealer expands party 0's triple shares from it, and a
/// <see cref="SeededRandomSource"/> draws its stream from it.
/// </summary>
public sealed class Prg : IDisposable
{
    private readonly Aes _aes = Aes.Create();

    public Prg(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16) throw new ArgumentException("an AES-128 key has 16 bytes", nameof(key));
        _aes.Key = key.ToArray();
    }

    /// <summary>Fills <paramref name="output"/> with the first values of stream <paramref name="stream"/>.</summary>
    public void Fill(Span<ulong> output, ulong stream) => Fill(output, stream, 0);

    /// <summary>Fills <paramref name="output"/> with stream <paramref name="stream"/>'s values from AES block <paramref name="firstBlock"/> on.</summary>
    public void Fill(Span<ulong> output, ulong stream, ulong firstBlock)
    {
        // Two ulongs per AES block: the counter blocks are laid out in place, then encrypted in place.
        int blocks = (output.Length + 1) / 2;
        var buffer = new ulong[blocks * 2];
        for (int i = 0; i < blocks; i++)
        {
            buffer[2 * i] = stream;
            buffer[2 * i + 1] = firstBlock + (ulong)i;
        }
        var bytes = MemoryMarshal.AsBytes(buffer.AsSpan());
        _aes.EncryptEcb(bytes, bytes, PaddingMode.None);
        buffer.AsSpan(0, output.Length).CopyTo(output);
    }

    public ulong[] Next(int count, ulong stream)
    {
        var r = new ulong[count];
        Fill(r, stream);
        return r;
    }

    /// <summary>A fresh key from <paramref name="random"/> (the operating system's generator unless a party seed is given).</summary>
    public static byte[] NewKey(IRandomSource random)
    {
        var key = new byte[16];
        random.Fill(key);
        return key;
    }

    /// <summary>A key derived from a master key and a label (HMAC-SHA256, first 16 bytes).</summary>
    public static byte[] Derive(ReadOnlySpan<byte> master, ulong a, ulong b)
    {
        Span<byte> label = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(label, a);
        BinaryPrimitives.WriteUInt64LittleEndian(label[8..], b);
        return HMACSHA256.HashData(master, label)[..16];
    }

    /// <summary>Uniform ring elements from <paramref name="random"/> (input and weight masks).</summary>
    public static ulong[] Uniform(int count, IRandomSource random)
    {
        var r = new ulong[count];
        random.Fill(MemoryMarshal.AsBytes(r.AsSpan()));
        return r;
    }

    public void Dispose() => _aes.Dispose();
}
