namespace Verge.Inference.Serving.Scheduling.Queueing;

/// <summary>What happens to a request whose deadline passes while it waits (Triton's <c>timeout_action</c>).</summary>
public enum TimeoutAction
{
    /// <summary>Answer it at once with a timeout error.</summary>
    Reject,
    /// <summary>Keep it, behind every request of its level that is still in time.</summary>
    Delay,
}
