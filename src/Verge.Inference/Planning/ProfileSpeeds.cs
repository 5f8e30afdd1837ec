using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Inference.Runtime;

namespace Verge.Inference.Planning;

/// <summary>
/// A node described by the per-layer profile another system measured (the results store's "results:SYSTEM"),
/// turned into the speeds the cost model and the pacers already use: per layer, speed = this host's time ÷ that
/// system's time for the layer (each side scaled to its optimised whole-model latency, as <see cref="CostModel"/>
/// scales), so the cost model predicts that system's time for every layer and hence for every stage; per op type
/// (the same ratio over the layers of a type) for layers one side timed at zero; and the node's speed the same
/// ratio over the whole model. The pacers pace a stage to its predicted time, so they follow the layers too.
/// </summary>
public static class ProfileSpeeds
{
    public static Node Apply(Node node, ModelProfile here, ModelProfile there)
    {
        var theirs = there.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        double hereScale = Scale(here), thereScale = Scale(there);
        var sums = new Dictionary<string, (double Here, double There)>(StringComparer.Ordinal);
        var layers = new Dictionary<string, double>(StringComparer.Ordinal);
        double hereTotal = 0, thereTotal = 0;
        foreach (var n in here.Nodes)
        {
            if (!theirs.TryGetValue(n.Name, out var t))
                throw new InputException($"the profile of node '{node.Name}' ({node.Profile}) has no layer '{n.Name}' of {here.Model}; record a profile of this very model on that system");
            var (h, th) = sums.GetValueOrDefault(n.OpType);
            sums[n.OpType] = (h + n.Ms * hereScale, th + t.Ms * thereScale);
            if (n.Ms > 0 && t.Ms > 0) layers[n.Name] = n.Ms * hereScale / (t.Ms * thereScale);
            hereTotal += n.Ms * hereScale;
            thereTotal += t.Ms * thereScale;
        }
        if (hereTotal <= 0 || thereTotal <= 0)
            throw new InputException($"the profile of node '{node.Name}' ({node.Profile}) or this host's has no measured time; profile the model again");
        var opSpeeds = sums.Where(s => s.Value.Here > 0 && s.Value.There > 0)
            .ToDictionary(s => s.Key, s => s.Value.Here / s.Value.There, StringComparer.Ordinal);
        return node with { Speed = hereTotal / thereTotal, OpSpeeds = opSpeeds, LayerSpeeds = layers };
    }

    private static double Scale(ModelProfile p) => p.SumNodeMs > 0 && p.OptimizedMs > 0 ? p.OptimizedMs / p.SumNodeMs : 1.0;
}
