using Verge.Inference.Privacy.Randomness;

namespace Verge.Inference.Privacy.TwoParty;

/// <summary>
/// The trusted dealer of the offline phase (Beaver, CRYPTO 1991; CrypTen's trusted third party): for each request
/// it hands party 0 shares expanded from a PRG and party 1 the shares that complete the triple. Stateless: both
/// parties' answers derive from a key for (session, batch), so each party may ask on its own.
/// </summary>
public sealed class Dealer(byte[] masterKey)
{
    public IEnumerable<Triple> Generate(ulong session, int batch, IReadOnlyList<TripleSpec> specs, int party)
    {
        if (party is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(party));
        using var prg = new Prg(Prg.Derive(masterKey, session, (ulong)batch));
        for (int i = 0; i < specs.Count; i++)
        {
            var s = specs[i];
            // Streams: item i, party p, array j (0 A, 1 B, 2 C).
            ulong Stream(int p, int j) => ((ulong)(uint)i << 8) | ((ulong)(uint)p << 4) | (uint)j;
            var a0 = prg.Next(s.SizeA, Stream(0, 0));
            var b0 = prg.Next(s.SizeB, Stream(0, 1));
            var c0 = prg.Next(s.SizeC, Stream(0, 2));
            if (party == 0)
            {
                yield return new Triple(a0, b0, c0);
                continue;
            }
            var a1 = prg.Next(s.SizeA, Stream(1, 0));
            var b1 = prg.Next(s.SizeB, Stream(1, 1));
            yield return new Triple(a1, b1, Complete(s, a0, a1, b0, b1, c0));
        }
    }

    /// <summary>Party 1's share of C: the product of the opened A and B, less party 0's share.</summary>
    private static ulong[] Complete(TripleSpec s, ulong[] a0, ulong[] a1, ulong[] b0, ulong[] b1, ulong[] c0)
    {
        switch (s.Kind)
        {
            case TripleKind.Matrix:
                var c = Ring.MatMul(Ring.Add(a0, a1), Ring.Add(b0, b1), s.M, s.K, s.N);
                for (int j = 0; j < c.Length; j++) c[j] -= c0[j];
                return c;
            case TripleKind.Elementwise:
            {
                var r = new ulong[s.M];
                for (int j = 0; j < r.Length; j++) r[j] = (a0[j] + a1[j]) * (b0[j] + b1[j]) - c0[j];
                return r;
            }
            default:
            {
                var r = new ulong[s.M];
                for (int j = 0; j < r.Length; j++) r[j] = ((a0[j] ^ a1[j]) & (b0[j] ^ b1[j])) ^ c0[j];
                return r;
            }
        }
    }
}
