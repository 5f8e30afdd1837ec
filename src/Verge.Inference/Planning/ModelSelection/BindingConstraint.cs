namespace Verge.Inference.Planning.ModelSelection;

/// <summary>Which requirement kept model selection from a cheaper candidate.</summary>
public enum BindingConstraint
{
    /// <summary>The cheapest candidate of all meets every requirement.</summary>
    None,
    /// <summary>Cheaper candidates exist, but they miss the latency SLO.</summary>
    Latency,
    /// <summary>Cheaper candidates exist, but they miss the minimum accuracy.</summary>
    Accuracy,
    /// <summary>Dropping either requirement alone would allow a cheaper candidate.</summary>
    LatencyAndAccuracy,
    /// <summary>No candidate meets both; the choice is the fastest one meeting the accuracy (else the most accurate).</summary>
    Infeasible,
}
