using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Security;

namespace Verge.Net.Privacy;

/// <summary>What an edge party serves: its model (with weights), its dealer, an optional fault for tests, and where its log lines go.</summary>
public sealed record EdgePartyOptions(SecureModel Model, string DealerUrl, Action<string> Log)
{
    /// <summary>One of <see cref="PartyFault.Names"/>, or null for an honest party.</summary>
    public string? Fault { get; init; }
    public int FaultRound { get; init; } = 4;

    /// <summary>Where the weights' share masks come from: the OS generator unless a party seed is given (tests and papers only).</summary>
    public IRandomSource Random { get; init; } = OsRandomSource.Instance;

    /// <summary>TLS trust and token for the edge's own calls to the dealer.</summary>
    public ClientSecurity Outbound { get; init; } = ClientSecurity.None;
}
