namespace Verge.Net.Privacy;

/// <summary>The device's first message of a homomorphic session: the architecture, its public key (n, hex), and the frames in packs.</summary>
public sealed record HomomorphicHello(string Fingerprint, string Modulus, int Frames, int Pack)
{
    /// <summary>Below this, a key is for tests only; reported figures use ≥ 2048 bits.</summary>
    public const int MinKeyBits = 256;
    public const int MaxKeyBits = 4096;

    public IEnumerable<(int Index, int Size)> Packs()
    {
        for (int i = 0, done = 0; done < Frames; i++, done += Pack) yield return (i, Math.Min(Pack, Frames - done));
    }
}
