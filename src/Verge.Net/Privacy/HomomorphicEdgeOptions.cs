using Verge.Inference.Privacy.Homomorphic;
using Verge.Inference.Privacy.Randomness;

namespace Verge.Net.Privacy;

/// <summary>What a homomorphic edge party serves: its model (with weights), an optional fault for tests, and where its log lines go.</summary>
public sealed record HomomorphicEdgeOptions(HomomorphicModel Model, Action<string> Log)
{
    public const string BadCiphertext = "bad-ciphertext";
    public static readonly string[] Faults = [PartyFault.ShortShare, BadCiphertext, PartyFault.Die];

    /// <summary>One of <see cref="Faults"/>, or null for an honest party.</summary>
    public string? Fault { get; init; }

    /// <summary>Where the ReLU masks, shuffles and re-randomizations come from: the OS generator unless a party seed is given (tests and papers only).</summary>
    public IRandomSource Random { get; init; } = OsRandomSource.Instance;

    /// <summary>The edge's outgoing message (1 = the first masked hidden layer) the fault hits.</summary>
    public int FaultRound { get; init; } = 1;
}
