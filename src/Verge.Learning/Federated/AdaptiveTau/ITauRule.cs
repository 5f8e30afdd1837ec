namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// One rule that picks the next round's τ from the clients' estimates (<see cref="TauMethod"/>): what it asks the clients
/// to probe, what it reads from the round's updates before they are averaged, how it chooses, and how it prints its
/// estimates in the round's note. <see cref="AdaptiveTauStrategy"/> holds one and caps its choice by the budget.
/// </summary>
public interface ITauRule
{
    /// <summary>What each client estimates with its update.</summary>
    EstimateRequest Request();

    /// <summary>The round's updates as they arrived, before aggregation (τ the round ran).</summary>
    void Observe(int tau, IReadOnlyList<ClientUpdate> updates) { }

    /// <summary>The τ wanted next, before the budget caps it.</summary>
    int Choose(DivergenceEstimate estimate, int previous, double stepCost, double aggregationCost);

    /// <summary>The estimates as printed after the round's τ (starting "; ").</summary>
    string Describe(DivergenceEstimate estimate);

    /// <summary>The rule for a method.</summary>
    static ITauRule For(AdaptiveTauOptions options) => options.Method switch
    {
        TauMethod.AdaComm => new AdaCommController(options),
        TauMethod.Measured => new MeasuredDriftController(options),
        _ => new TauController(options),
    };
}
