using Verge.Learning.Federated.Rounds;

namespace Verge.Net.Federated;

/// <summary>
/// Secure aggregation's stages over the poll: a stage request waits here until its device polls (it is handed out
/// before any fit), and completes when the device submits its reply for that round.
/// </summary>
public sealed partial class FederationCoordinator
{
    /// <summary>A secure-aggregation stage request for the polling client.</summary>
    public sealed record StageAssignment(int Round, byte[] Request) : Assignment;

    private sealed record OpenStageRequest(int Round, byte[] Request, TaskCompletionSource<ExchangeReply> Reply, long Opened);

    private readonly Dictionary<int, OpenStageRequest> _stages = [];

    internal Task<ExchangeReply> OpenStage(int clientId, int round, byte[] request, CancellationToken stageOpen)
    {
        var stage = new OpenStageRequest(round, request, new TaskCompletionSource<ExchangeReply>(TaskCreationOptions.RunContinuationsAsynchronously),
            _clock.GetTimestamp());
        lock (_gate) _stages[clientId] = stage;
        stageOpen.Register(() =>
        {
            lock (_gate)
                if (_stages.TryGetValue(clientId, out var open) && open == stage) _stages.Remove(clientId);
            stage.Reply.TrySetCanceled(stageOpen);
        });
        Pulse();
        return stage.Reply.Task;
    }

    /// <summary>A client's reply to its open stage; the reason it was refused otherwise.</summary>
    public string? SubmitStage(int clientId, int round, byte[] message)
    {
        lock (_gate)
        {
            _lastSeen[clientId] = _clock.GetUtcNow();
            if (!_stages.TryGetValue(clientId, out var stage) || stage.Round != round)
                return $"client {clientId} has no secure-aggregation stage open in round {round}";
            _stages.Remove(clientId);
            // The reply's seconds count from the request, as a fit's do from the round's start.
            stage.Reply.TrySetResult(new ExchangeReply(message, _clock.GetElapsedTime(stage.Opened).TotalSeconds));
        }
        Pulse();
        return null;
    }
}
