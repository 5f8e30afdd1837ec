namespace Verge.Inference.Serving.Scheduling;

/// <summary>Why a scheduler turned a request away.</summary>
public enum RejectReason
{
    /// <summary>The priority level's queue holds <c>max_size</c> requests already.</summary>
    QueueFull,
    /// <summary>The request waited past its deadline and the policy's timeout action is reject.</summary>
    TimedOut,
    /// <summary>Admission control predicted that the request cannot finish before its deadline.</summary>
    Inadmissible,
    /// <summary>A newer frame of the same stream arrived while this one was queued.</summary>
    Superseded,
    /// <summary>The stream already has a newer frame queued.</summary>
    Stale,
}
