using Verge.Inference.Privacy.TwoParty;

namespace Verge.Net.Privacy;

/// <summary>
/// A deliberately faulty edge party, for the tests that show a peer's fault stops the run with one line: at the
/// chosen round it sends a share one value short, or its process exits mid-protocol.
/// </summary>
public sealed class PartyFault(IPeer inner, string fault, int round) : IPeer
{
    public const string ShortShare = "short-share";
    public const string Die = "die";
    public static readonly string[] Names = [ShortShare, Die];

    public long BytesSent => inner.BytesSent;
    public long BytesReceived => inner.BytesReceived;
    public int Rounds => inner.Rounds;

    public Task<ulong[]> ExchangeAsync(ulong[] mine, string step, CancellationToken ct)
    {
        if (inner.Rounds + 1 == round)
        {
            if (fault == Die) Environment.Exit(1);
            if (fault == ShortShare && mine.Length > 0) mine = mine[..^1];
        }
        return inner.ExchangeAsync(mine, step, ct);
    }
}
