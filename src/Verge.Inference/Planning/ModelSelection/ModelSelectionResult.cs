namespace Verge.Inference.Planning.ModelSelection;

/// <summary>Every variant × placement considered, the one chosen, and the requirement that bound the choice.</summary>
public sealed record ModelSelectionResult(IReadOnlyList<VariantCandidate> Candidates, VariantCandidate Chosen, BindingConstraint Binding)
{
    /// <summary>The cheapest placement of each variant (the chosen one for the chosen variant), in the order given.</summary>
    public IReadOnlyList<VariantCandidate> BestPerVariant =>
        Candidates.GroupBy(c => c.Variant.Name)
            .Select(g => g.Key == Chosen.Variant.Name ? Chosen : g.OrderBy(c => c.Feasible ? 0 : 1).ThenBy(c => c.Cost).First())
            .ToList();

    /// <summary>One line: what was chosen and why.</summary>
    public string Explain() => Binding switch
    {
        BindingConstraint.None => $"{Chosen.Name} is the cheapest candidate and meets every requirement",
        BindingConstraint.Latency => $"{Chosen.Name}: the latency SLO bound the choice (cheaper candidates miss it)",
        BindingConstraint.Accuracy => $"{Chosen.Name}: the minimum accuracy bound the choice (cheaper candidates miss it)",
        BindingConstraint.LatencyAndAccuracy => $"{Chosen.Name}: both the latency SLO and the minimum accuracy bound the choice",
        _ => $"no variant meets both the latency SLO and the minimum accuracy; {Chosen.Name} is the closest",
    };
}
