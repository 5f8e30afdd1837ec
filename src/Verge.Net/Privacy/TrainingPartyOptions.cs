using Verge.Learning.Privacy.SecureMl;
using Verge.Net.Security;

namespace Verge.Net.Privacy;

/// <summary>Server 1 of two-server training: its share file, its dealer, and where the one session's outcome goes.</summary>
public sealed record TrainingPartyOptions(SecureMlOptions Training, string SharePath, string DealerUrl, Action<string> Log)
{
    /// <summary>TLS trust and token for this server's own calls to the dealer.</summary>
    public ClientSecurity Outbound { get; init; } = ClientSecurity.None;

    /// <summary>One of <see cref="PartyFault.Names"/> for the tests that kill a server mid-run, or null.</summary>
    public string? Fault { get; init; }
    public int FaultRound { get; init; } = 4;

    public TaskCompletionSource<TrainingParty.Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
