using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Runs a <see cref="FusedTilePlan"/> (or a chain of them, <see cref="FusedChain"/>) in this process: every tile of
/// each block, the stitch, the next block's tiles on the stitched map, then the rest of the model after the last
/// block. The networked runner does the same with the tiles on helper nodes; this one is its reference and the
/// single-node fallback.
/// </summary>
public sealed class TileExecutor : IDisposable
{
    private readonly IReadOnlyList<FusedTilePlan> _plans;
    private readonly InferenceSession[][] _tiles;
    private readonly InferenceSession? _rest;

    public TileExecutor(FusedTilePlan plan, int threads = 1) : this([plan], threads) { }

    public TileExecutor(IReadOnlyList<FusedTilePlan> plans, int threads = 1)
    {
        _plans = plans;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads };
        _tiles = plans.Select(p => p.Tiles.Select(t => new InferenceSession(t.Model.ToByteArray(), options)).ToArray()).ToArray();
        _rest = plans[^1].Rest is { } rest ? new InferenceSession(rest.Model.ToByteArray(), options) : null;
    }

    /// <summary>One tile's output of the first block from the whole image.</summary>
    public float[] RunTile(int index, float[] image) => RunTile(0, index, image);

    /// <summary>One tile's output of block <paramref name="block"/> from that block's whole input map.</summary>
    public float[] RunTile(int block, int index, float[] input)
    {
        var plan = _plans[block];
        var tile = plan.Tiles[index];
        var crop = TileStitching.Crop(input, plan.Block.InputInfo.Shape, tile.Input);
        return Run(_tiles[block][index], plan.Block.Input, crop, Shape(plan.Block.InputInfo.Shape, tile.Input), plan.Block.Output);
    }

    /// <summary>The model's outputs by name, from the whole image.</summary>
    public Dictionary<string, float[]> Run(float[] image)
    {
        var input = image;
        for (int b = 0; b < _plans.Count; b++)
        {
            var block = _plans[b].Block;
            var map = new float[block.OutputInfo.Elements];
            for (int k = 0; k < _tiles[b].Length; k++)
                TileStitching.Place(map, block.OutputInfo.Shape, _plans[b].Tiles[k].Output, RunTile(b, k, input));
            input = map;
        }
        return RunRest(input);
    }

    /// <summary>The model's outputs from the stitched output of the last block.</summary>
    public Dictionary<string, float[]> RunRest(float[] map)
    {
        var last = _plans[^1];
        if (_rest is null) return new() { [last.Block.Output] = map };
        var names = last.Rest!.Outputs.ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(map, last.Block.OutputInfo.Shape);
        using var ro = new RunOptions();
        using var results = _rest.Run(ro, [last.Block.Output], [input], names);
        return names.Select((n, k) => (n, results[k].GetTensorDataAsSpan<float>().ToArray())).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
    }

    private static float[] Run(InferenceSession session, string inputName, float[] input, long[] shape, string output)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var ro = new RunOptions();
        using var results = session.Run(ro, [inputName], [value], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static long[] Shape(long[] full, TileRegion region) => [full[0], full[1], region.Rows.Length, region.Cols.Length];

    public void Dispose()
    {
        foreach (var s in _tiles.SelectMany(t => t)) s.Dispose();
        _rest?.Dispose();
    }
}
