using System.Buffers.Binary;

namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Top-k sparsification (Aji and Heafield, EMNLP 2017; Stich et al., NeurIPS 2018): only the k values of largest
/// magnitude travel, as varint gaps between their ascending indices and a nested payload of their values (float32
/// or quantized by <see cref="ValueCodec"/>). Size: 9 + Σ varint(gap) + the values' payload. Pair it with
/// <see cref="ErrorFeedbackCodec"/> so that what is not sent is delayed, not lost.
/// </summary>
public sealed class TopKCodec(double density, UpdateCodec? valueCodec = null) : UpdateCodec
{
    public double Density { get; } = density is > 0 and <= 1 ? density : throw new ArgumentOutOfRangeException(nameof(density), "density must be in (0, 1]");
    public UpdateCodec ValueCodec { get; } = valueCodec ?? new Fp32Codec();
    public override string Name => ValueCodec is Fp32Codec ? $"topk:{Density:G4}" : $"topk:{Density:G4}:{ValueCodec.Name}";

    public static int KeepCount(int length, double density) => length == 0 ? 0 : Math.Clamp((int)Math.Ceiling(length * density), 1, length);

    public override byte[] Encode(ReadOnlySpan<float> update) => Write(update, SelectLargest(update, KeepCount(update.Length, Density)), ValueCodec);

    /// <summary>Indices of the k largest |values|, ascending (ties broken by lower index).</summary>
    public static int[] SelectLargest(ReadOnlySpan<float> values, int k)
    {
        if (k >= values.Length) return Enumerable.Range(0, values.Length).ToArray();
        var magnitudes = new float[values.Length];
        for (int i = 0; i < values.Length; i++) magnitudes[i] = Math.Abs(values[i]);
        float threshold = KthLargest((float[])magnitudes.Clone(), k);
        var chosen = new int[k];
        int count = 0;
        for (int i = 0; i < magnitudes.Length && count < k; i++)
            if (magnitudes[i] > threshold) chosen[count++] = i;
        for (int i = 0; i < magnitudes.Length && count < k; i++)
            if (magnitudes[i] == threshold) chosen[count++] = i;
        Array.Sort(chosen, 0, count);
        return chosen;
    }

    /// <summary>Serializes the values at <paramref name="indices"/> (ascending) of a vector of length values.Length.</summary>
    internal static byte[] Write(ReadOnlySpan<float> values, int[] indices, UpdateCodec valueCodec)
    {
        var selected = new float[indices.Length];
        for (int i = 0; i < indices.Length; i++) selected[i] = values[indices[i]];
        var valuePayload = valueCodec.Encode(selected);
        using var stream = new MemoryStream(9 + 2 * indices.Length + valuePayload.Length);
        Span<byte> header = stackalloc byte[9];
        header[0] = SparseTag;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], values.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[5..], indices.Length);
        stream.Write(header);
        int previous = -1;
        foreach (var index in indices)
        {
            uint gap = (uint)(index - previous - 1);
            previous = index;
            while (gap >= 0x80) { stream.WriteByte((byte)(gap | 0x80)); gap >>= 7; }
            stream.WriteByte((byte)gap);
        }
        stream.Write(valuePayload);
        return stream.ToArray();
    }

    internal static float[] ReadBody(ref PayloadReader reader)
    {
        int n = reader.Count();
        int k = reader.Count();
        if (k > n) throw new FormatException($"{k} sparse values in a vector of {n}");
        var indices = new int[k];
        long index = -1;
        for (int i = 0; i < k; i++)
        {
            index += reader.VarUInt() + 1L;
            if (index >= n) throw new FormatException($"sparse index {index} out of range [0, {n})");
            indices[i] = (int)index;
        }
        var selected = DecodeFrom(ref reader);
        if (selected.Length != k) throw new FormatException($"{k} sparse indices but {selected.Length} values");
        var values = new float[n];
        for (int i = 0; i < k; i++) values[indices[i]] = selected[i];
        return values;
    }

    /// <summary>Quickselect: the k-th largest element (1-based) of <paramref name="a"/>, which it reorders.</summary>
    private static float KthLargest(float[] a, int k)
    {
        int lo = 0, hi = a.Length - 1, target = k - 1;
        var random = new Random(a.Length);
        while (lo < hi)
        {
            float pivot = a[lo + random.Next(hi - lo + 1)];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] > pivot) i++;
                while (a[j] < pivot) j--;
                if (i <= j) { (a[i], a[j]) = (a[j], a[i]); i++; j--; }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return a[target];
        }
        return a[target];
    }
}
