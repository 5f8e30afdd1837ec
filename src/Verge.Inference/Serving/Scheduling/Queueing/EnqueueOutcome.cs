namespace Verge.Inference.Serving.Scheduling.Queueing;

/// <summary>What became of an enqueued request: accepted (perhaps replacing its stream's older frame) or rejected.</summary>
public readonly record struct EnqueueOutcome(bool Accepted, RejectReason? Rejection, PendingRequest? Replaced)
{
    public static EnqueueOutcome Accept(PendingRequest? replaced = null) => new(true, null, replaced);

    public static EnqueueOutcome Reject(RejectReason reason) => new(false, reason, null);
}
