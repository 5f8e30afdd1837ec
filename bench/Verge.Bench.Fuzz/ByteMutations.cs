namespace Verge.Bench.Fuzz;

/// <summary>Mutations that know nothing of the format: flips, truncation, insertion, splicing, garbage.</summary>
public static class ByteMutations
{
    /// <summary>One byte-level mutation of <paramref name="input"/>, described in <paramref name="what"/>.</summary>
    public static byte[] Apply(Random rng, byte[] input, out string what)
    {
        var b = (byte[])input.Clone();
        switch (rng.Next(8))
        {
            case 0:
            {
                int flips = 1 + rng.Next(8);
                for (int i = 0; i < flips && b.Length > 0; i++) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                what = $"bytes: {flips} bit flips";
                return b;
            }
            case 1:
            {
                int n = b.Length == 0 ? 0 : rng.Next(b.Length);
                what = $"bytes: truncated to {n} of {b.Length}";
                return b[..n];
            }
            case 2:
            {
                int at = rng.Next(b.Length + 1), n = 1 + rng.Next(64);
                what = $"bytes: {n} random bytes inserted at {at}";
                return [.. b[..at], .. Random(rng, n), .. b[at..]];
            }
            case 3:
            {
                int n = 1 + rng.Next(16);
                for (int i = 0; i < n && b.Length > 0; i++) b[rng.Next(b.Length)] = Interesting[rng.Next(Interesting.Length)];
                what = $"bytes: {n} bytes set to boundary values";
                return b;
            }
            case 4:
            {
                if (b.Length < 2) goto case 2;
                int from = rng.Next(b.Length), len = 1 + rng.Next(Math.Min(256, b.Length - from)), at = rng.Next(b.Length);
                what = $"bytes: {len} bytes from {from} duplicated at {at}";
                return [.. b[..at], .. b.AsSpan(from, len), .. b[at..]];
            }
            case 5:
                what = "bytes: empty";
                return [];
            case 6:
            {
                int n = rng.Next(1, 4096);
                what = $"bytes: {n} random bytes";
                return Random(rng, n);
            }
            default:
            {
                // A varint length prefix that claims far more than follows: protobuf's classic hostile field.
                int at = rng.Next(b.Length + 1);
                what = $"bytes: huge length-delimited field at {at}";
                return [.. b[..at], (byte)((rng.Next(1, 16) << 3) | 2), 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, .. b[at..]];
            }
        }
    }

    public static byte[] Random(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x08, 0x10, 0x12, 0x1A, 0x22, 0x3A];
}
