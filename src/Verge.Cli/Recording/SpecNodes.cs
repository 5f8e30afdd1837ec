using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Results;

namespace Verge.Cli.Recording;

/// <summary>
/// What a spec's nodes say beyond speed, settled before planning: an execution provider this ONNX Runtime lacks is
/// refused, and a node whose <c>profile: results:SYSTEM</c> names a system in the results store gets that system's
/// per-layer times as speeds (<see cref="ProfileSpeeds"/>), so the planner and the pacers need no database.
/// </summary>
internal static class SpecNodes
{
    /// <summary>Refuses, in one line naming the node, an <c>ep:</c> this ONNX Runtime lacks — before anything starts, never a fall-back.</summary>
    public static void CheckProviders(DeploymentSpec spec)
    {
        foreach (var node in spec.Topology.Nodes)
            ExecutionProviders.Check(node.Ep, $"{spec.Source}: node '{node.Name}'", "give it ep: cpu");
    }

    public static DeploymentSpec Resolve(DeploymentSpec spec, ModelGraph graph, ModelProfile here, string? db)
    {
        CheckProviders(spec);
        if (!spec.Topology.Nodes.Any(n => n.Profile is not null)) return spec;

        var model = ModelDescriptor.From(graph);
        using var store = ResultsStore.Open(ResultsLocation.Resolve(db));
        var nodes = spec.Topology.Nodes.Select(n => n.Profile is { } p
            ? ProfileSpeeds.Apply(n, here, StoredProfiles.Latest(store, p["results:".Length..], model.Sha256!, graph.Source))
            : n).ToList();
        return spec with { Topology = new Topology(nodes, spec.Topology.Links) };
    }
}
