using Verge.Core.Deployment;
using YamlDotNet.RepresentationModel;

namespace Verge.Core.Spec;

internal sealed partial class SpecReader
{
    private static readonly string[] MoveKeys = ["after_frames", "edge"];

    /// <summary>
    /// <c>app.moves: [{after_frames: 40, edge: edge-b}, …]</c>: where the device is served from, frame by frame. The device
    /// starts on the first edge node; each move names another edge node, at a later frame than the move before.
    /// </summary>
    private List<MoveSpec> ReadMoves(YamlNode node, IReadOnlyList<Node> nodes)
    {
        var items = yaml.Sequence(node, "app.moves");
        if (items.Count == 0) throw yaml.Fail("app.moves", "is empty; list at least one { after_frames: N, edge: NODE } or drop the key");
        var edges = nodes.Where(n => n.Tier == Tier.Edge).Select(n => n.Name).ToList();
        if (edges.Count < 2)
            throw yaml.Fail("app.moves", $"needs at least two edge nodes to move between; the spec has {edges.Count}");
        var moves = new List<MoveSpec>();
        var current = edges[0];
        for (int k = 0; k < items.Count; k++)
        {
            var path = $"app.moves[{k}]";
            var map = yaml.Map(items[k], path, MoveKeys);
            var afterNode = yaml.Required(map, "after_frames", path);
            var after = yaml.Number(afterNode, path + ".after_frames");
            if (after < 1 || after != Math.Floor(after)) throw yaml.Fail(path + ".after_frames", $"{after} is not a frame count; give a whole number ≥ 1");
            after = yaml.Number(afterNode, path + ".after_frames", SpecLimits.Frame);
            if (moves.Count > 0 && after <= moves[^1].AfterFrames)
                throw yaml.Fail(path + ".after_frames", $"{after} is not after the previous move's {moves[^1].AfterFrames}; list moves in frame order");
            var edge = yaml.Text(yaml.Required(map, "edge", path), path + ".edge");
            if (!edges.Contains(edge))
                throw yaml.Fail(path + ".edge", $"'{edge}' is not an edge node; use one of {string.Join(", ", edges)}");
            if (edge == current)
                throw yaml.Fail(path + ".edge", $"the device is already on '{edge}' then; name another edge node");
            moves.Add(new MoveSpec((int)after, edge));
            current = edge;
        }
        return moves;
    }
}
