using Verge.Learning.Privacy.SecureMl;

namespace Verge.Net.Privacy;

/// <summary>Server 1 of two-server training: its share file, its dealer, and where the one session's outcome goes.</summary>
public sealed record TrainingPartyOptions(SecureMlOptions Training, string SharePath, string DealerUrl, Action<string> Log)
{
    public TaskCompletionSource<TrainingParty.Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
