namespace Verge.Learning.EarlyExit;

/// <summary>How sure an exit is of its answer.</summary>
public enum ConfidenceMeasure
{
    /// <summary>The largest softmax probability; a sample leaves when it is at least the threshold.</summary>
    MaxSoftmax,

    /// <summary>The softmax entropy in nats (BranchyNet's measure); a sample leaves when it is at most the threshold.</summary>
    Entropy,
}
