namespace Verge.Inference.Serving.Scheduling.Batching;

/// <summary>The batch choice's answer: nothing to do, send the first <see cref="Count"/> queued requests now, or wait this long.</summary>
public readonly record struct BatchDecision(BatchDecisionKind Kind, int Count, TimeSpan Wait)
{
    public static BatchDecision Idle => new(BatchDecisionKind.Idle, 0, TimeSpan.Zero);

    public static BatchDecision Send(int count) => new(BatchDecisionKind.Send, count, TimeSpan.Zero);

    public static BatchDecision WaitFor(TimeSpan wait) => new(BatchDecisionKind.Wait, 0, wait);

    public override string ToString() => Kind switch
    {
        BatchDecisionKind.Send => $"send {Count}",
        BatchDecisionKind.Wait => $"wait {Wait.TotalMilliseconds:0.###} ms",
        _ => "idle",
    };
}

public enum BatchDecisionKind { Idle, Send, Wait }
