namespace Verge.Inference.Privacy.TwoParty;

/// <summary>
/// Runs a <see cref="SecureModel"/>'s layers on shares, a batch of frames at a time, one protocol round-set per
/// layer: Conv as im2col then one matrix Beaver product, Gemm as one matrix product, ReLU as one batched secure
/// comparison, max-pool as a tournament of batched comparisons (⌈log2 window⌉ of them). Products are truncated
/// locally (SecureML). <see cref="Triples"/> lists the dealer triples a batch uses, in the order it uses them.
/// </summary>
public static class SecureNetwork
{
    /// <summary>Shares of the weights: matrix K×N and bias N per linear layer, fixed-point encoded.</summary>
    public sealed record WeightShares(ulong[] Matrix, ulong[] Bias);

    public static IEnumerable<TripleSpec> Triples(IReadOnlyList<SecureLayer> layers, IReadOnlyList<(int K, int N)> linear, int batch)
    {
        foreach (var l in layers)
        {
            switch (l.Op)
            {
                case "Conv":
                    yield return TripleSpec.Matrix(batch * l.OutH * l.OutW, linear[l.Linear].K, linear[l.Linear].N);
                    break;
                case "Gemm":
                    yield return TripleSpec.Matrix(batch, linear[l.Linear].K, linear[l.Linear].N);
                    break;
                case "Relu":
                    foreach (var t in Party.ReluTriples(batch * l.OutSize)) yield return t;
                    break;
                case "MaxPool":
                    int outputs = batch * l.OutSize;
                    for (int count = l.KernelH * l.KernelW; count > 1; count = (count + 1) / 2)
                        foreach (var t in Party.ReluTriples(outputs * (count / 2))) yield return t;
                    break;
            }
        }
    }

    /// <summary>The input shares (batch × input size) in, the output shares (batch × output size) out.</summary>
    public static async Task<ulong[]> RunAsync(Party party, IReadOnlyList<SecureLayer> layers, IReadOnlyList<WeightShares> weights,
        ulong[] x, int batch, CancellationToken ct)
    {
        foreach (var l in layers)
        {
            string step = $"{l.Op} '{l.Name}'";
            switch (l.Op)
            {
                case "Conv":
                {
                    var w = weights[l.Linear];
                    int k = l.InC * l.KernelH * l.KernelW, rows = batch * l.OutH * l.OutW;
                    var product = await party.MatMulAsync(Im2Col(x, l, batch), w.Matrix, rows, k, l.OutC, step, ct);
                    Ring.Truncate(product, party.Index);
                    x = ToChannelsFirst(product, w.Bias, l, batch);
                    break;
                }
                case "Gemm":
                {
                    var w = weights[l.Linear];
                    var product = await party.MatMulAsync(x, w.Matrix, batch, l.InSize, l.OutC, step, ct);
                    Ring.Truncate(product, party.Index);
                    for (int i = 0; i < product.Length; i++) product[i] += w.Bias[i % l.OutC];
                    x = product;
                    break;
                }
                case "Relu":
                    x = await party.ReluAsync(x, step, ct);
                    break;
                case "MaxPool":
                    x = await MaxPoolAsync(party, x, l, batch, step, ct);
                    break;
            }
        }
        return x;
    }

    /// <summary>Rows (frame, oy, ox), columns (c, ky, kx): the patch under each output position; padding is 0.</summary>
    internal static ulong[] Im2Col(ulong[] x, SecureLayer l, int batch)
    {
        int k = l.InC * l.KernelH * l.KernelW;
        var cols = new ulong[batch * l.OutH * l.OutW * k];
        int row = 0;
        for (int b = 0; b < batch; b++)
            for (int oy = 0; oy < l.OutH; oy++)
                for (int ox = 0; ox < l.OutW; ox++, row++)
                {
                    int j = row * k;
                    for (int c = 0; c < l.InC; c++)
                    {
                        int plane = (b * l.InC + c) * l.InH;
                        for (int ky = 0; ky < l.KernelH; ky++)
                        {
                            int iy = oy * l.StrideH - l.PadTop + ky;
                            for (int kx = 0; kx < l.KernelW; kx++, j++)
                            {
                                int ix = ox * l.StrideW - l.PadLeft + kx;
                                if (iy >= 0 && iy < l.InH && ix >= 0 && ix < l.InW) cols[j] = x[(plane + iy) * l.InW + ix];
                            }
                        }
                    }
                }
        return cols;
    }

    private static ulong[] ToChannelsFirst(ulong[] product, ulong[] bias, SecureLayer l, int batch)
    {
        int positions = l.OutH * l.OutW;
        var y = new ulong[batch * l.OutSize];
        for (int b = 0; b < batch; b++)
            for (int p = 0; p < positions; p++)
            {
                int row = (b * positions + p) * l.OutC;
                for (int c = 0; c < l.OutC; c++) y[(b * l.OutC + c) * positions + p] = product[row + c] + bias[c];
            }
        return y;
    }

    private static async Task<ulong[]> MaxPoolAsync(Party party, ulong[] x, SecureLayer l, int batch, string step, CancellationToken ct)
    {
        int outputs = batch * l.OutSize;
        // One candidate array per window offset; each tournament level compares pairs of them in one batch.
        var candidates = new List<ulong[]>();
        for (int ky = 0; ky < l.KernelH; ky++)
            for (int kx = 0; kx < l.KernelW; kx++)
            {
                var v = new ulong[outputs];
                int i = 0;
                for (int bc = 0; bc < batch * l.InC; bc++)
                    for (int oy = 0; oy < l.OutH; oy++)
                        for (int ox = 0; ox < l.OutW; ox++)
                            v[i++] = x[(bc * l.InH + oy * l.StrideH + ky) * l.InW + ox * l.StrideW + kx];
                candidates.Add(v);
            }
        while (candidates.Count > 1)
        {
            int pairs = candidates.Count / 2;
            var a = new ulong[pairs * outputs];
            var b = new ulong[pairs * outputs];
            for (int p = 0; p < pairs; p++)
            {
                candidates[2 * p].CopyTo(a, p * outputs);
                candidates[2 * p + 1].CopyTo(b, p * outputs);
            }
            var max = await party.MaxAsync(a, b, step, ct);
            var next = new List<ulong[]>();
            for (int p = 0; p < pairs; p++) next.Add(max[(p * outputs)..((p + 1) * outputs)]);
            if (candidates.Count % 2 == 1) next.Add(candidates[^1]);
            candidates = next;
        }
        return candidates[0];
    }
}
