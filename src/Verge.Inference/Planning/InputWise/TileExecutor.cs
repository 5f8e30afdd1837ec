using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Runs a <see cref="FusedTilePlan"/> in this process: every tile, the stitch, then the rest of the model. The
/// networked runner does the same with the tiles on helper nodes; this one is its reference and the single-node
/// fallback.
/// </summary>
public sealed class TileExecutor : IDisposable
{
    private readonly FusedTilePlan _plan;
    private readonly InferenceSession[] _tiles;
    private readonly InferenceSession? _rest;

    public TileExecutor(FusedTilePlan plan, int threads = 1)
    {
        _plan = plan;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads };
        _tiles = plan.Tiles.Select(t => new InferenceSession(t.Model.ToByteArray(), options)).ToArray();
        _rest = plan.Rest is null ? null : new InferenceSession(plan.Rest.Model.ToByteArray(), options);
    }

    /// <summary>One tile's output from the whole image.</summary>
    public float[] RunTile(int index, float[] image)
    {
        var tile = _plan.Tiles[index];
        var input = TileStitching.Crop(image, _plan.Block.InputInfo.Shape, tile.Input);
        return Run(_tiles[index], _plan.Block.Input, input, Shape(_plan.Block.InputInfo.Shape, tile.Input), _plan.Block.Output);
    }

    /// <summary>The model's outputs by name, from the whole image.</summary>
    public Dictionary<string, float[]> Run(float[] image)
    {
        var map = new float[_plan.Block.OutputInfo.Elements];
        for (int k = 0; k < _tiles.Length; k++)
            TileStitching.Place(map, _plan.Block.OutputInfo.Shape, _plan.Tiles[k].Output, RunTile(k, image));
        return RunRest(map);
    }

    /// <summary>The model's outputs from the stitched block output.</summary>
    public Dictionary<string, float[]> RunRest(float[] map)
    {
        if (_rest is null) return new() { [_plan.Block.Output] = map };
        var names = _plan.Rest!.Outputs.ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(map, _plan.Block.OutputInfo.Shape);
        using var ro = new RunOptions();
        using var results = _rest.Run(ro, [_plan.Block.Output], [input], names);
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
        foreach (var s in _tiles) s.Dispose();
        _rest?.Dispose();
    }
}
