namespace Verge.Net.Privacy;

/// <summary>The device's first message of a session: what it runs, and how many frames in batches of what size.</summary>
public sealed record SessionHello(string Fingerprint, ulong Session, int Frames, int Batch)
{
    public const int MaxBatch = 256;

    public IEnumerable<(int Index, int Size)> Batches()
    {
        for (int i = 0, done = 0; done < Frames; i++, done += Batch) yield return (i, Math.Min(Batch, Frames - done));
    }
}
