namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Bits packed least-significant first, and Golomb–Rice codes of non-negative integers (Golomb, IEEE Trans. IT
/// 1966): a gap g with parameter b is ⌊g/2^b⌋ ones, a zero, then the low b bits of g. For geometric gaps (the
/// positions of a sparse update) with mean μ, b ≈ log₂(μ·ln 2) costs within a bit of the entropy per gap.
/// </summary>
internal static class BitStream
{
    /// <summary>The Rice parameter that makes <paramref name="gaps"/> shortest, and that length in bits.</summary>
    public static (int Parameter, long Bits) BestRiceParameter(ReadOnlySpan<int> gaps)
    {
        (int best, long bestBits) = (0, long.MaxValue);
        for (int b = 0; b < 31; b++)
        {
            long bits = (long)gaps.Length * (b + 1);
            foreach (var g in gaps) bits += g >> b;
            if (bits < bestBits) (best, bestBits) = (b, bits);
        }
        return (best, bestBits);
    }

    internal ref struct Writer(Span<byte> into)
    {
        private readonly Span<byte> _into = into;
        private long _bit;

        public readonly long Position => _bit;

        public void Bit(bool one)
        {
            if (one) _into[(int)(_bit >> 3)] |= (byte)(1 << (int)(_bit & 7));
            _bit++;
        }

        public void Rice(int value, int parameter)
        {
            for (int q = value >> parameter; q > 0; q--) Bit(true);
            Bit(false);
            for (int i = 0; i < parameter; i++) Bit(((value >> i) & 1) != 0);
        }
    }

    /// <summary>Reads what <see cref="Writer"/> wrote; running off the end or an over-long unary run is a <see cref="FormatException"/>.</summary>
    internal ref struct Reader(ReadOnlySpan<byte> from)
    {
        private readonly ReadOnlySpan<byte> _from = from;
        private long _bit;

        /// <summary>Whether every byte was needed: only padding (under 8 bits) is left.</summary>
        public readonly bool Exhausted => (_bit + 7) / 8 == _from.Length;

        public bool Bit()
        {
            if (_bit >= 8L * _from.Length) throw new FormatException("bit stream truncated");
            bool one = ((_from[(int)(_bit >> 3)] >> (int)(_bit & 7)) & 1) != 0;
            _bit++;
            return one;
        }

        public int Rice(int parameter, int max)
        {
            long quotient = 0;
            while (Bit())
                if (++quotient << parameter > max) throw new FormatException($"Rice-coded gap exceeds {max}");
            long value = quotient << parameter;
            for (int i = 0; i < parameter; i++) if (Bit()) value |= 1L << i;
            return value <= max ? (int)value : throw new FormatException($"Rice-coded gap {value} exceeds {max}");
        }
    }
}
