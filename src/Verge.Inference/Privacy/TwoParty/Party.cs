using Verge.Core.Errors;

namespace Verge.Inference.Privacy.TwoParty;

/// <summary>
/// One party's side of the two-party protocols on additive shares over Z_2^64: openings, Beaver products
/// (element-wise and matrix, Beaver CRYPTO 1991; matrix triples as in SecureML, Mohassel and Zhang S&amp;P 2017),
/// AND on XOR shares, and the secure comparison by arithmetic-to-binary conversion with a Kogge-Stone adder
/// (the A2B of ABY, Demmler et al. NDSS 2015, and CrypTen). Every call is one batch: one round per step, never one
/// per element. Triples come from the dealer in the order <see cref="ReluTriples"/> and friends list.
/// </summary>
public sealed class Party(int index, IPeer peer, string peerName)
{
    private readonly Queue<Triple> _triples = new();

    public int Index { get; } = index is 0 or 1 ? index : throw new ArgumentOutOfRangeException(nameof(index));
    public IPeer Peer { get; } = peer;

    public void Supply(IEnumerable<Triple> triples)
    {
        foreach (var t in triples) _triples.Enqueue(t);
    }

    public int TriplesLeft => _triples.Count;

    /// <summary>One round; the peer's message must have <paramref name="expected"/> values, or the run stops.</summary>
    public async Task<ulong[]> ExchangeAsync(ulong[] mine, int expected, string step, CancellationToken ct)
    {
        var theirs = await Peer.ExchangeAsync(mine, step, ct);
        if (theirs.Length != expected)
            throw new InputException($"the {peerName} sent {theirs.Length} values at {step} where the protocol expects {expected}; " +
                                     "it runs another model or version, or is faulty: stopped without an answer");
        return theirs;
    }

    /// <summary>Reveals an arithmetic sharing to both parties.</summary>
    public async Task<ulong[]> OpenAsync(ulong[] share, string step, CancellationToken ct)
    {
        var theirs = await ExchangeAsync(share, share.Length, step, ct);
        return Ring.Add(share, theirs);
    }

    /// <summary>Z = X·Y for shared X (m×k) and Y (k×n), no truncation.</summary>
    public async Task<ulong[]> MatMulAsync(ulong[] x, ulong[] y, int m, int k, int n, string step, CancellationToken ct)
    {
        var t = Take(TripleSpec.Matrix(m, k, n));
        var (d, e) = await OpenPairAsync(Ring.Sub(x, t.A), Ring.Sub(y, t.B), step, ct);
        // Z_i = C_i + D·B_i + (A_i + [i = 0]·D)·E
        var z = t.C;
        Ring.MatMulAdd(d, t.B, z, m, k, n);
        var left = Index == 0 ? Ring.Add(t.A, d) : t.A;
        Ring.MatMulAdd(left, e, z, m, k, n);
        return z;
    }

    /// <summary>z = x·y element-wise, no truncation.</summary>
    public async Task<ulong[]> MulAsync(ulong[] x, ulong[] y, string step, CancellationToken ct)
    {
        var t = Take(TripleSpec.Elementwise(x.Length));
        var (d, e) = await OpenPairAsync(Ring.Sub(x, t.A), Ring.Sub(y, t.B), step, ct);
        var z = t.C;
        for (int i = 0; i < z.Length; i++)
            z[i] += d[i] * t.B[i] + e[i] * t.A[i] + (Index == 0 ? d[i] * e[i] : 0);
        return z;
    }

    /// <summary>z = x AND y on XOR shares of 64-bit words.</summary>
    public async Task<ulong[]> AndAsync(ulong[] x, ulong[] y, string step, CancellationToken ct)
    {
        var t = Take(TripleSpec.And(x.Length));
        int n = x.Length;
        var mine = new ulong[2 * n];
        for (int i = 0; i < n; i++)
        {
            mine[i] = x[i] ^ t.A[i];
            mine[n + i] = y[i] ^ t.B[i];
        }
        var theirs = await ExchangeAsync(mine, 2 * n, step, ct);
        var z = t.C;
        for (int i = 0; i < n; i++)
        {
            ulong d = mine[i] ^ theirs[i], e = mine[n + i] ^ theirs[n + i];
            z[i] ^= (d & t.B[i]) ^ (e & t.A[i]) ^ (Index == 0 ? d & e : 0);
        }
        return z;
    }

    /// <summary>
    /// XOR shares (bit 0) of the sign bit of x = x_0 + x_1: the parties add their shares as bit strings with a
    /// Kogge-Stone carry network on XOR shares; the sign is p_63 ⊕ carry into bit 63. Seven rounds, 12 AND words.
    /// </summary>
    public async Task<ulong[]> MsbAsync(ulong[] x, string step, CancellationToken ct)
    {
        int n = x.Length;
        var zero = new ulong[n];
        // Propagate p = x_0 ⊕ x_1 is already XOR-shared; generate g = x_0 ∧ x_1 needs one AND.
        var p = (ulong[])x.Clone();
        var g = await AndAsync(Index == 0 ? x : zero, Index == 0 ? zero : x, $"{step} (carry generate)", ct);
        for (int shift = 1; shift < 64; shift <<= 1)
        {
            bool last = shift == 32;
            var left = new ulong[last ? n : 2 * n];
            var right = new ulong[left.Length];
            for (int i = 0; i < n; i++)
            {
                left[i] = p[i];
                right[i] = g[i] << shift;
                if (last) continue;
                left[n + i] = p[i];
                right[n + i] = p[i] << shift;
            }
            var z = await AndAsync(left, right, $"{step} (carry level {shift})", ct);
            for (int i = 0; i < n; i++)
            {
                g[i] ^= z[i];
                if (!last) p[i] = z[n + i];
            }
        }
        var msb = new ulong[n];
        for (int i = 0; i < n; i++) msb[i] = ((x[i] >> 63) ^ (g[i] >> 62)) & 1;
        return msb;
    }

    /// <summary>ReLU(x) = x·(1 − msb(x)), with the sign bit turned arithmetic by b = b_0 + b_1 − 2·b_0·b_1.</summary>
    public async Task<ulong[]> ReluAsync(ulong[] x, string step, CancellationToken ct) => (await ReluWithSlopeAsync(x, step, ct)).Relu;

    /// <summary>ReLU(x) and shares of its slope 1[x ≥ 0] (an integer 0/1, what backpropagation multiplies by).</summary>
    public async Task<(ulong[] Relu, ulong[] Slope)> ReluWithSlopeAsync(ulong[] x, string step, CancellationToken ct)
    {
        int n = x.Length;
        var msb = await MsbAsync(x, step, ct);
        var zero = new ulong[n];
        var both = await MulAsync(Index == 0 ? msb : zero, Index == 0 ? zero : msb, $"{step} (bit to arithmetic)", ct);
        var keep = new ulong[n];
        for (int i = 0; i < n; i++) keep[i] = (Index == 0 ? 1UL : 0UL) - msb[i] + 2 * both[i];
        return (await MulAsync(x, keep, $"{step} (select)", ct), keep);
    }

    /// <summary>max(a, b) = b + ReLU(a − b), element-wise.</summary>
    public async Task<ulong[]> MaxAsync(ulong[] a, ulong[] b, string step, CancellationToken ct)
    {
        var r = await ReluAsync(Ring.Sub(a, b), step, ct);
        Ring.AddInPlace(r, b);
        return r;
    }

    /// <summary>The dealer's triples one <see cref="ReluAsync"/> or <see cref="MaxAsync"/> of n values uses, in order.</summary>
    public static IEnumerable<TripleSpec> ReluTriples(int n)
    {
        yield return TripleSpec.And(n);
        for (int shift = 1; shift < 64; shift <<= 1)
            yield return TripleSpec.And(shift == 32 ? n : 2 * n);
        yield return TripleSpec.Elementwise(n);
        yield return TripleSpec.Elementwise(n);
    }

    private async Task<(ulong[] D, ulong[] E)> OpenPairAsync(ulong[] d, ulong[] e, string step, CancellationToken ct)
    {
        var mine = new ulong[d.Length + e.Length];
        d.CopyTo(mine, 0);
        e.CopyTo(mine, d.Length);
        var theirs = await ExchangeAsync(mine, mine.Length, step, ct);
        for (int i = 0; i < mine.Length; i++) mine[i] += theirs[i];
        return (mine[..d.Length], mine[d.Length..]);
    }

    private Triple Take(TripleSpec spec)
    {
        if (!_triples.TryDequeue(out var t))
            throw new InvalidOperationException($"no dealer triple left for {spec}");
        if (t.A.Length != spec.SizeA || t.B.Length != spec.SizeB || t.C.Length != spec.SizeC)
            throw new InvalidOperationException($"the next dealer triple does not fit {spec}");
        return t;
    }
}
