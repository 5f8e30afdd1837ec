using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Planning;
using Verge.Inference.Planning.Neurosurgeon;
using Verge.Inference.Runtime;

namespace Verge.Net.Execution;

/// <summary>
/// A plan pinned to one cut (`verge run --cut ID`): the Neurosurgeon sweep's plan for that cut (Kang et al., ASPLOS
/// 2017), head on the device and tail on the first edge node, else the first cloud node, with the sweep's predictions.
/// </summary>
public static class PinnedCut
{
    public static Plan Plan(ModelGraph graph, ModelProfile profile, Topology topology, PlanningOptions planning, int cut)
    {
        var cuts = CutEnumerator.Enumerate(graph);
        if (!cuts.Any(c => c.Id == cut))
            throw new UsageException($"--cut {cut} is not a cut of {graph.Source}; give one of {Ids(cuts)} (see 'verge cuts {graph.Source}')");
        var target = topology.FirstOf(Tier.Edge) is { } e && e != topology.Device ? Tier.Edge : Tier.Cloud;
        var planner = new NeurosurgeonPlanner(new NeurosurgeonOptions { Target = target });
        return planner.Sweep(new PlanningProblem(graph, profile, topology, planning)).FirstOrDefault(p => p.Name == $"{planner.Name}@{cut}")
            ?? throw new UsageException($"--cut {cut} needs an edge or cloud node to run the tail; the spec's topology has none");
    }

    /// <summary>The ids compactly: "0..11" when they run without a gap, else listed.</summary>
    private static string Ids(IReadOnlyList<Cut> cuts)
    {
        var ids = cuts.Select(c => c.Id).Order().ToArray();
        return ids.Length > 0 && ids[^1] - ids[0] == ids.Length - 1 ? $"{ids[0]}..{ids[^1]}" : string.Join(", ", ids);
    }
}
