using System.Collections.Concurrent;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tiles;

/// <summary>
/// One frame of a chain under halo exchange (<see cref="HaloSchedule"/>): each worker computes its own band of tiles
/// in every block, helpers keeping their outputs between blocks; the device sends each helper only the strips of a
/// map it lacks and gets back only the strips other workers read next, and the whole output after the last block.
/// The device's own band (when it takes tiles) is computed here from its partial map. An RPC error ends the frame;
/// the caller restarts it with full crops.
/// </summary>
internal sealed class HaloFrameRunner(IReadOnlyList<FusedTilePlan> plans, HaloSchedule schedule,
    IReadOnlyList<(TileHelper Helper, NodeClient Client, string[][] StageIds)> helpers, StageSession[][] deviceTiles, TileRunOptions options)
{
    public async Task<(float[] Map, int OnDevice)> RunAsync(float[] image, long frameId,
        ConcurrentDictionary<string, int> taken, ConcurrentDictionary<string, long> peak, CancellationToken ct)
    {
        var map = image;
        int onDevice = 0;
        for (int b = 0; b < plans.Count; b++)
        {
            var next = new float[plans[b].Block.OutputInfo.Elements];
            var input = map;
            int block = b;
            var work = schedule.Blocks[b].Select((t, k) => (t.Worker, k)).GroupBy(p => p.Worker, p => p.k).ToList();
            await Task.WhenAll(work.Select(g => g.Key == HaloTile.OnDevice
                ? Task.Run(() => onDevice += OnDevice(block, g.ToList(), input, next), ct)
                : Task.Run(() => HelperAsync(helpers[g.Key], block, g.ToList(), input, next, frameId, taken, peak, ct), ct)));
            map = next;
            if (options.AfterHaloBlock is { } after) await after(frameId, b);
        }
        return (map, onDevice);
    }

    private async Task HelperAsync((TileHelper Helper, NodeClient Client, string[][] StageIds) h, int b, List<int> tiles, float[] input, float[] next, long frameId,
        ConcurrentDictionary<string, int> taken, ConcurrentDictionary<string, long> peak, CancellationToken ct)
    {
        var block = plans[b].Block;
        long[] inShape = block.InputInfo.Shape, outShape = block.OutputInfo.Shape;
        foreach (var k in tiles)
        {
            var tile = plans[b].Tiles[k];
            var plan = schedule.Blocks[b][k];
            var exchange = new TileExchange
            {
                Block = b, Window = TileExchangeCall.Rect(tile.Input), ExpectsHeld = plan.ExpectsHeld, Output = TileExchangeCall.Rect(tile.Output),
                Keep = plan.Keep, FullOutput = plan.FullBack, EndFrame = plan.EndFrame,
            };
            foreach (var strip in plan.Strips)
                exchange.Strips.Add(new TileStrip
                {
                    Rect = TileExchangeCall.Rect(strip),
                    Values = TensorCodec.Encode(block.Input, TileExecutor.Shape(inShape, strip), TileStitching.Crop(input, inShape, strip), Codec.Fp32, false),
                });
            exchange.SendBack.AddRange(plan.SendBack.Select(TileExchangeCall.Rect));
            var reply = await h.Client.InferAsync(new InferRequest { StageId = h.StageIds[b][k], FrameId = frameId, Tile = exchange }, options.TileTimeout, ct);
            lock (next)
            {
                if (plan.FullBack) TileStitching.Place(next, outShape, tile.Output, TensorCodec.Decode(reply.Outputs[0]).Data);
                foreach (var strip in reply.Strips)
                    TileStitching.Place(next, outShape, Region(strip.Rect), TensorCodec.Decode(strip.Values).Data);
            }
            taken.AddOrUpdate(h.Helper.Name, 1, (_, n) => n + 1);
            peak.AddOrUpdate(h.Helper.Name, tile.PeakActivationBytes, (_, p) => Math.Max(p, tile.PeakActivationBytes));
        }
    }

    /// <summary>The device's own band: its windows lie in its partial map (its outputs and the strips helpers returned).</summary>
    private int OnDevice(int b, List<int> tiles, float[] input, float[] next)
    {
        var block = plans[b].Block;
        foreach (var k in tiles)
        {
            var tile = plans[b].Tiles[k];
            var crop = new FloatTensor(block.Input, TileExecutor.Shape(block.InputInfo.Shape, tile.Input), TileStitching.Crop(input, block.InputInfo.Shape, tile.Input));
            var output = deviceTiles[b][k].Run([crop])[0].Data;
            lock (next) TileStitching.Place(next, block.OutputInfo.Shape, tile.Output, output);
        }
        return tiles.Count;
    }

    private static TileRegion Region(TileRect r) => new(new AxisSpan(r.Row, r.Row + r.Rows), new AxisSpan(r.Col, r.Col + r.Cols));
}
