using Verge.Core.Spec;
using Verge.Core.Deployment;

namespace Verge.Inference.Planning.ModelSelection;

/// <summary>
/// Model selection with offloading (DeepDecision, Ran et al., INFOCOM 2018; MCDNN, Han et al., MobiSys 2016): every
/// variant of the model under every placement the planners propose; the cheapest (objective: latency or device
/// energy) that meets both the latency SLO and the minimum accuracy, and which of the two kept it from a cheaper one.
/// </summary>
public static class ModelSelectionPlanner
{
    public static ModelSelectionResult Select(IReadOnlyList<ModelVariant> variants, Topology topology, PlanningOptions planning,
        ModelSelectionOptions? options = null)
    {
        if (variants.Count == 0) throw new ArgumentException("model selection needs at least one variant", nameof(variants));
        options ??= new ModelSelectionOptions();
        var planners = options.Planners ?? Planners.All();
        var candidates = new List<VariantCandidate>();
        foreach (var v in variants)
        {
            var problem = new PlanningProblem(v.Graph, v.Profile, topology, planning);
            bool accurate = options.MinAccuracy is not { } min || v.Accuracy + 1e-12 >= min;
            foreach (var plan in planners.SelectMany(p => p.Plan(problem)))
                candidates.Add(new VariantCandidate(v, plan, Cost(plan.Predicted, planning.Objective), plan.MeetsSlo, accurate));
        }
        if (candidates.Count == 0) throw new ArgumentException("no planner proposed a placement", nameof(options));

        var feasible = candidates.Where(c => c.Feasible).ToList();
        if (feasible.Count == 0)
        {
            var accurate = candidates.Where(c => c.MeetsAccuracy).ToList();
            var closest = accurate.Count > 0
                ? accurate.MinBy(c => c.Plan.Predicted.LatencyMs)!
                : candidates.OrderByDescending(c => c.Variant.Accuracy).ThenBy(c => c.Plan.Predicted.LatencyMs).First();
            return new ModelSelectionResult(candidates, closest, BindingConstraint.Infeasible);
        }
        var chosen = Cheapest(feasible)!;
        const double eps = 1e-9;
        bool latencyBinds = Cheapest(candidates.Where(c => c.MeetsAccuracy)) is { } a && a.Cost < chosen.Cost - eps;
        bool accuracyBinds = Cheapest(candidates.Where(c => c.MeetsLatency)) is { } l && l.Cost < chosen.Cost - eps;
        var binding = (latencyBinds, accuracyBinds) switch
        {
            (true, true) => BindingConstraint.LatencyAndAccuracy,
            (true, false) => BindingConstraint.Latency,
            (false, true) => BindingConstraint.Accuracy,
            // Each constraint alone allows nothing cheaper, but together they might (a cheap, inaccurate, slow mix is impossible).
            _ => Cheapest(candidates)!.Cost < chosen.Cost - eps ? BindingConstraint.LatencyAndAccuracy : BindingConstraint.None,
        };
        return new ModelSelectionResult(candidates, chosen, binding);
    }

    /// <summary>Lowest cost; ties go to the more accurate variant, then to fewer uplink bytes.</summary>
    private static VariantCandidate? Cheapest(IEnumerable<VariantCandidate> pool) =>
        pool.OrderBy(c => c.Cost).ThenByDescending(c => c.Variant.Accuracy).ThenBy(c => c.Plan.Predicted.UplinkBytes).FirstOrDefault();

    private static double Cost(Prediction p, Objective objective) => objective == Objective.Latency ? p.LatencyMs : p.DeviceEnergyMj;
}
