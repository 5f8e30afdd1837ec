using Verge.Inference.Privacy.TwoParty;

namespace Verge.Learning.Privacy.SecureMl;

/// <summary>
/// Two-server training on secret shares (Mohassel and Zhang, SecureML, S&amp;P 2017): the rows and labels are
/// additively shared between two non-colluding servers, which run mini-batch SGD on shares with dealer triples —
/// matrix Beaver products for X·w and Xᵀ·δ, local truncation, the piecewise-linear sigmoid of §4.3 as
/// ReLU(u + ½) − ReLU(u − ½), and ReLU with its slope for the MLP — and end holding shares of the weights.
/// </summary>
public static class SecureMlTrainer
{
    /// <summary>The dealer triples of one SGD step, in the order the step uses them.</summary>
    public static List<TripleSpec> StepTriples(SecureMlOptions o, int d)
    {
        int b = o.Batch, h = o.Hidden;
        if (!o.IsMlp) return [TripleSpec.Matrix(b, d, 1), .. Party.ReluTriples(2 * b), TripleSpec.Matrix(d, b, 1)];
        return [TripleSpec.Matrix(b, d, h), .. Party.ReluTriples(b * h), TripleSpec.Matrix(b, h, 1), .. Party.ReluTriples(2 * b),
            TripleSpec.Matrix(h, b, 1), TripleSpec.Matrix(b, 1, h), TripleSpec.Elementwise(b * h), TripleSpec.Matrix(d, b, h)];
    }

    /// <param name="x">This server's share of the rows (rows × d, fixed point).</param>
    /// <param name="y">This server's share of the 0/1 labels (fixed point).</param>
    /// <param name="offline">Called before each step with its index and triples: supplies the party from the dealer.</param>
    /// <returns>This server's share of the trained weights (layout <see cref="SecureMlOptions.Parameters"/>).</returns>
    public static async Task<ulong[]> TrainAsync(Party party, SecureMlOptions o, ulong[] x, ulong[] y, int rows, int d,
        Func<int, IReadOnlyList<TripleSpec>, Task> offline, CancellationToken ct)
    {
        var w = party.Index == 0 ? o.Initial(d).Select(Ring.Encode).ToArray() : new ulong[o.Parameters(d)];
        var specs = StepTriples(o, d);
        ulong rate = Ring.Encode(o.LearningRate / o.Batch);
        int index = 0;
        foreach (var step in o.Steps(rows))
        {
            await offline(index++, specs);
            var xb = new ulong[step.Length * d];
            var yb = new ulong[step.Length];
            for (int i = 0; i < step.Length; i++)
            {
                x.AsSpan(step[i] * d, d).CopyTo(xb.AsSpan(i * d));
                yb[i] = y[step[i]];
            }
            var g = o.IsMlp ? await MlpGradientAsync(party, o, w, xb, yb, d, ct) : await LogRegGradientAsync(party, o, w, xb, yb, d, ct);
            // w ← w − (lr/B)·g: a public constant times a share, truncated locally.
            for (int i = 0; i < g.Length; i++) g[i] *= rate;
            Ring.Truncate(g, party.Index);
            for (int i = 0; i < w.Length; i++) w[i] -= g[i];
        }
        return w;
    }

    private static async Task<ulong[]> LogRegGradientAsync(Party p, SecureMlOptions o, ulong[] w, ulong[] xb, ulong[] yb, int d, CancellationToken ct)
    {
        int b = o.Batch;
        var u = await ProductAsync(p, xb, w[..d], b, d, 1, "forward", ct);
        for (int i = 0; i < b; i++) u[i] += w[d];
        var delta = await SigmoidAsync(p, u, ct);
        for (int i = 0; i < b; i++) delta[i] -= yb[i];
        var g = new ulong[d + 1];
        (await ProductAsync(p, Transpose(xb, b, d), delta, d, b, 1, "gradient", ct)).CopyTo(g, 0);
        foreach (var e in delta) g[d] += e;
        return g;
    }

    private static async Task<ulong[]> MlpGradientAsync(Party p, SecureMlOptions o, ulong[] w, ulong[] xb, ulong[] yb, int d, CancellationToken ct)
    {
        int b = o.Batch, h = o.Hidden, w2 = d * h + h, b2 = d * h + 2 * h;
        var z = await ProductAsync(p, xb, w[..(d * h)], b, d, h, "layer 1", ct);
        for (int i = 0; i < z.Length; i++) z[i] += w[d * h + i % h];
        var (a, slope) = await p.ReluWithSlopeAsync(z, "hidden ReLU", ct);
        var u = await ProductAsync(p, a, w[w2..b2], b, h, 1, "layer 2", ct);
        for (int i = 0; i < b; i++) u[i] += w[b2];
        var delta = await SigmoidAsync(p, u, ct);
        for (int i = 0; i < b; i++) delta[i] -= yb[i];
        var g = new ulong[w.Length];
        (await ProductAsync(p, Transpose(a, b, h), delta, h, b, 1, "layer 2 gradient", ct)).CopyTo(g, w2);
        foreach (var e in delta) g[b2] += e;
        var back = await ProductAsync(p, delta, w[w2..b2], b, 1, h, "backward", ct);
        var delta1 = await p.MulAsync(back, slope, "ReLU slope", ct);
        (await ProductAsync(p, Transpose(xb, b, d), delta1, d, b, h, "layer 1 gradient", ct)).CopyTo(g, 0);
        for (int i = 0; i < delta1.Length; i++) g[d * h + i % h] += delta1[i];
        return g;
    }

    /// <summary>SecureML's activation: 0 below −½, u + ½ between, 1 above; one batched comparison of 2B values.</summary>
    private static async Task<ulong[]> SigmoidAsync(Party p, ulong[] u, CancellationToken ct)
    {
        int b = u.Length;
        ulong half = p.Index == 0 ? Ring.Encode(0.5) : 0;
        var shifted = new ulong[2 * b];
        for (int i = 0; i < b; i++)
        {
            shifted[i] = u[i] + half;
            shifted[b + i] = u[i] - half;
        }
        var r = await p.ReluAsync(shifted, "sigmoid", ct);
        var s = new ulong[b];
        for (int i = 0; i < b; i++) s[i] = r[i] - r[b + i];
        return s;
    }

    private static async Task<ulong[]> ProductAsync(Party p, ulong[] a, ulong[] b, int m, int k, int n, string step, CancellationToken ct)
    {
        var z = await p.MatMulAsync(a, b, m, k, n, step, ct);
        Ring.Truncate(z, p.Index);
        return z;
    }

    private static ulong[] Transpose(ulong[] a, int rows, int cols)
    {
        var t = new ulong[a.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        return t;
    }
}
