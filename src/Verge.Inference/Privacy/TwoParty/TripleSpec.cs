namespace Verge.Inference.Privacy.TwoParty;

/// <summary>
/// One correlated-randomness request to the dealer: a matrix triple C = A·B (A m×k, B k×n) over Z_2^64, an
/// element-wise triple (k = n = 1, m elements), or m AND triples on 64-bit words (XOR shares).
/// </summary>
public sealed record TripleSpec(TripleKind Kind, int M, int K = 1, int N = 1)
{
    public static TripleSpec Matrix(int m, int k, int n) => new(TripleKind.Matrix, m, k, n);
    public static TripleSpec Elementwise(int count) => new(TripleKind.Elementwise, count);
    public static TripleSpec And(int words) => new(TripleKind.And, words);

    public int SizeA => Kind == TripleKind.Matrix ? M * K : M;
    public int SizeB => Kind == TripleKind.Matrix ? K * N : M;
    public int SizeC => Kind == TripleKind.Matrix ? M * N : M;
    public long Words => (long)SizeA + SizeB + SizeC;
}

public enum TripleKind
{
    Matrix,
    Elementwise,
    And,
}

/// <summary>One party's shares of a triple (arithmetic shares, or XOR shares for <see cref="TripleKind.And"/>).</summary>
public sealed record Triple(ulong[] A, ulong[] B, ulong[] C);
