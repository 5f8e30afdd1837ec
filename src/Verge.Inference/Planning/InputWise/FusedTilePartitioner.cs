using Onnx;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Building;
using Verge.Inference.Graph.Extraction;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Fused Tile Partitioning (DeepThings, Zhao et al., TCAD 2018): grids the output of a fused block into N×M tiles,
/// traces each tile back through the block to the image region it needs, and extracts one standalone model per
/// tile. A tile's layers keep their own padding only where the tile meets the image's border; inside the image the
/// halo rows are real data, so those pads become 0. Where two readers of one tensor need different parts of it (a
/// residual join), each reads its part through a Slice.
/// </summary>
public static class FusedTilePartitioner
{
    /// <summary>The tiles of <paramref name="block"/>; the rest of the model after it only when <paramref name="withRest"/> (a chain's last block).</summary>
    public static FusedTilePlan Partition(FusedBlock block, TileGrid grid, bool withRest = true)
    {
        var graph = block.Graph;
        var output = block.OutputInfo;
        var tiles = grid.Split(output.Shape[2], output.Shape[3]).Select((region, k) => Tile(block, region, k)).ToList();
        var rest = !withRest || graph.Outputs.All(o => o.Name == block.Output) ? null
            : SubmodelExtractor.Extract(graph, new StageSpec([block.Output], graph.Outputs.Select(o => o.Name).ToList()), "rest after the tiles");
        return new FusedTilePlan(block, grid, tiles, rest, BlockPeak(block));
    }

    /// <summary>Every block of <paramref name="chain"/> tiled on its grid; only the last carries the rest of the model.</summary>
    public static IReadOnlyList<FusedTilePlan> Partition(FusedChain chain) =>
        chain.Blocks.Select((b, k) => Partition(b.Block, b.Grid, withRest: k == chain.Blocks.Count - 1)).ToList();

    /// <summary>
    /// The largest tile's peak activation memory over the block's, without building weighted models: cheap enough to
    /// try every candidate block of a large CNN.
    /// </summary>
    public static double PeakMemoryRatio(FusedBlock block, TileGrid grid)
    {
        var output = block.OutputInfo;
        long tile = grid.Split(output.Shape[2], output.Shape[3]).Select((region, k) => Tile(block, region, k, weights: false).PeakActivationBytes).Max();
        return (double)tile / Math.Max(1, BlockPeak(block));
    }

    /// <summary>Peak activation memory of the whole block run on one node.</summary>
    public static long BlockPeak(FusedBlock block)
    {
        var graph = block.Graph;
        var g = new GraphProto();
        g.Input.Add(new ValueInfoProto { Name = block.Input });
        g.Output.Add(new ValueInfoProto { Name = block.Output });
        g.Node.AddRange(block.Nodes.Select(i => graph.Proto.Graph.Node[i]));
        return ActivationMemory.Peak(g, t => graph.Tensors[t].Bytes);
    }

    /// <summary>The region of every tensor of the block that output <paramref name="tile"/> needs, clipped to the tensor.</summary>
    public static Dictionary<string, TileRegion> Trace(FusedBlock block, TileRegion tile)
    {
        var graph = block.Graph;
        var need = new Dictionary<string, TileRegion>(StringComparer.Ordinal) { [block.Output] = tile };
        foreach (var index in block.Nodes.Reverse())
        {
            var node = graph.Proto.Graph.Node[index];
            if (!need.TryGetValue(node.Output[0], out var region)) continue;
            foreach (var x in FusedOps.ActivationInputs(node, graph))
            {
                var (input, _) = Read(node, graph, x, region);
                need[x] = need.TryGetValue(x, out var had) ? had.Union(input) : input;
            }
        }
        return need;
    }

    private static TileModel Tile(FusedBlock block, TileRegion tile, int index, bool weights = true)
    {
        var graph = block.Graph;
        var need = Trace(block, tile);
        var g = new GraphProto { Name = $"{graph.Proto.Graph.Name}:tile {index}" };
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        long[] Shape(string t, TileRegion r) => shapes[t] = [.. graph.Tensors[t].Shape[..2], r.Rows.Length, r.Cols.Length];
        g.Input.Add(OnnxProtos.FloatValue(block.Input, Shape(block.Input, need[block.Input])));
        var read = new HashSet<string>(StringComparer.Ordinal);
        long macs = 0;
        foreach (var nodeIndex in block.Nodes)
        {
            var source = graph.Proto.Graph.Node[nodeIndex];
            if (!need.TryGetValue(source.Output[0], out var region)) continue;
            var node = source.Clone();
            for (int k = 0; k < node.Input.Count; k++)
            {
                var x = node.Input[k];
                if (x.Length == 0) continue;
                if (graph.Initializers.Contains(x)) { read.Add(x); continue; }
                var (reads, pads) = Read(source, graph, x, region);
                if (reads != need[x]) node.Input[k] = Slice(g, x, need[x], reads, $"{source.Name}.in{k}", shapes, graph);
                if (FusedOps.IsWindowed(source)) SetPads(node, pads);
            }
            var output = node.Output[0];
            g.ValueInfo.Add(OnnxProtos.FloatValue(output, Shape(output, region)));
            g.Node.Add(node);
            var full = graph.Tensors[output];
            macs += graph.Nodes[nodeIndex].Macs * region.Area / Math.Max(1, full.Shape[2] * full.Shape[3]);
        }
        if (weights) g.Initializer.AddRange(graph.Proto.Graph.Initializer.Where(w => read.Contains(w.Name)).Select(w => w.Clone()));
        var outputInfo = g.ValueInfo.First(v => v.Name == block.Output);
        g.ValueInfo.Remove(outputInfo);
        g.Output.Add(outputInfo);
        var model = new ModelProto { IrVersion = graph.Proto.IrVersion, ProducerName = "verge tiles", Graph = g };
        model.OpsetImport.AddRange(graph.Proto.OpsetImport.Select(o => o.Clone()));
        long peak = ActivationMemory.Peak(g, t => shapes[t].Aggregate(4L, (a, d) => a * d));
        return new TileModel(index, tile, need[block.Input], model, peak, macs);
    }

    /// <summary>What a node computing <paramref name="region"/> reads of input <paramref name="x"/>, and its pads then (top, left, bottom, right).</summary>
    private static (TileRegion Read, long[] Pads) Read(NodeProto node, ModelGraph graph, string x, TileRegion region)
    {
        var (rows, cols) = FusedOps.Windows(node, graph)!.Value;
        var shape = graph.Tensors[x].Shape;
        var (r, top, bottom) = rows.Trace(region.Rows, shape[2]);
        var (c, left, right) = cols.Trace(region.Cols, shape[3]);
        return (new TileRegion(r, c), [top, left, bottom, right]);
    }

    private static void SetPads(NodeProto node, long[] pads)
    {
        foreach (var a in node.Attribute.Where(a => a.Name is "pads" or "auto_pad").ToList()) node.Attribute.Remove(a);
        node.Attribute.Add(OnnxProtos.Ints("pads", pads));
    }

    /// <summary>Crops <paramref name="read"/> out of tensor <paramref name="x"/>, which this tile holds as <paramref name="held"/>.</summary>
    private static string Slice(GraphProto g, string x, TileRegion held, TileRegion read, string name, Dictionary<string, long[]> shapes, ModelGraph graph)
    {
        var output = $"{x}.tile.{name}";
        long r0 = read.Rows.Start - held.Rows.Start, c0 = read.Cols.Start - held.Cols.Start;
        long[] starts = [r0, c0], ends = [r0 + read.Rows.Length, c0 + read.Cols.Length], axes = [2, 3];
        if (graph.OpsetVersion < 10)
        {
            // Before opset 10, Slice took its bounds as attributes.
            g.Node.Add(OnnxProtos.Node("Slice", output, [x], [output], OnnxProtos.Ints("starts", starts), OnnxProtos.Ints("ends", ends), OnnxProtos.Ints("axes", axes)));
        }
        else
        {
            g.Initializer.Add(OnnxProtos.Int64s($"{output}.starts", [2], starts));
            g.Initializer.Add(OnnxProtos.Int64s($"{output}.ends", [2], ends));
            g.Initializer.Add(OnnxProtos.Int64s($"{output}.axes", [2], axes));
            g.Node.Add(OnnxProtos.Node("Slice", output, [x, $"{output}.starts", $"{output}.ends", $"{output}.axes"], [output]));
        }
        shapes[output] = [.. graph.Tensors[x].Shape[..2], read.Rows.Length, read.Cols.Length];
        g.ValueInfo.Add(OnnxProtos.FloatValue(output, shapes[output]));
        return output;
    }
}
