using System.Collections.Concurrent;
using System.Diagnostics;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tiles;

/// <summary>
/// One frame of a chain under halo exchange (<see cref="HaloSchedule"/>): each worker computes its own band of tiles
/// in every block, helpers keeping their outputs between blocks; the device sends each helper only the strips of a
/// map it lacks and gets back only the strips other workers read next, and the whole output after the last block.
/// The device's own band (when it takes tiles) is computed here from its partial map. An RPC error ends the frame;
/// the caller restarts it with full crops. Strips travel as <see cref="TileMapInput"/> cuts them (8-bit for the first
/// block of an 8-bit frame, zero-bitmap packed when <see cref="TileRunOptions.PackStrips"/>).
/// </summary>
internal sealed class HaloFrameRunner(IReadOnlyList<FusedTilePlan> plans, HaloSchedule schedule,
    IReadOnlyList<(TileHelper Helper, NodeClient Client, string[][] StageIds)> helpers, StageSession[][] deviceTiles, TileRunOptions options, TileCodecPacer codec)
{
    public async Task<(float[] Map, int OnDevice)> RunAsync(TileMapInput image, long frameId,
        ConcurrentDictionary<string, int> taken, ConcurrentDictionary<string, long> peak, CancellationToken ct)
    {
        var map = image;
        float[] next = [];
        int onDevice = 0;
        for (int b = 0; b < plans.Count; b++)
        {
            next = new float[plans[b].Block.OutputInfo.Elements];
            var input = map;
            var output = next;
            int block = b;
            var work = schedule.Blocks[b].Select((t, k) => (t.Worker, k)).GroupBy(p => p.Worker, p => p.k).ToList();
            await Task.WhenAll(work.Select(g => g.Key == HaloTile.OnDevice
                ? Task.Run(async () =>
                {
                    int n = await OnDeviceAsync(block, g.ToList(), input, output, ct);
                    Interlocked.Add(ref onDevice, n);
                }, ct)
                : Task.Run(() => HelperAsync(helpers[g.Key], block, g.ToList(), input, output, frameId, taken, peak, ct), ct)));
            map = TileMapInput.Of(next, options, codec);
            if (options.AfterHaloBlock is { } after) await after(frameId, b);
        }
        return (next, onDevice);
    }

    private async Task HelperAsync((TileHelper Helper, NodeClient Client, string[][] StageIds) h, int b, List<int> tiles, TileMapInput input, float[] next, long frameId,
        ConcurrentDictionary<string, int> taken, ConcurrentDictionary<string, long> peak, CancellationToken ct)
    {
        var block = plans[b].Block;
        long[] inShape = block.InputInfo.Shape, outShape = block.OutputInfo.Shape;
        foreach (var k in tiles)
        {
            using var scope = PaceTrace.Scope(PaceTraceNodes.Device, $"{h.Helper.Name} b{b}t{k}");
            var tile = plans[b].Tiles[k];
            var plan = schedule.Blocks[b][k];
            var exchange = new TileExchange
            {
                Block = b, Window = TileExchangeCall.Rect(tile.Input), ExpectsHeld = plan.ExpectsHeld, Output = TileExchangeCall.Rect(tile.Output),
                Keep = plan.Keep, FullOutput = plan.FullBack, EndFrame = plan.EndFrame, PackStrips = options.PackStrips,
            };
            foreach (var strip in plan.Strips) exchange.Strips.Add(input.Strip(block.Input, inShape, strip));
            if (plan.Strips.Count > 0 && input.U8 is { } u8) exchange.U8Input = u8;
            exchange.SendBack.AddRange(plan.SendBack.Select(TileExchangeCall.Rect));
            long sent = Stopwatch.GetTimestamp();
            var reply = await h.Client.InferAsync(new InferRequest { StageId = h.StageIds[b][k], FrameId = frameId, Tile = exchange }, options.TileTimeout, ct);
            long back = Stopwatch.GetTimestamp();
            PaceTrace.Record(PaceKind.Call, sent, back, back, back, back);
            var full = plan.FullBack && reply.Outputs.Count > 0 ? TensorCodec.Decode(reply.Outputs[0]).Data : null;
            var parts = reply.Strips.Select(s => TileMapInput.Unpack(s, options, codec)).ToList();
            lock (next)
            {
                if (full is not null) TileStitching.Place(next, outShape, tile.Output, full);
                foreach (var (region, data) in parts) TileStitching.Place(next, outShape, region, data);
            }
            taken.AddOrUpdate(h.Helper.Name, 1, (_, n) => n + 1);
            peak.AddOrUpdate(h.Helper.Name, tile.PeakActivationBytes, (_, p) => Math.Max(p, tile.PeakActivationBytes));
        }
    }

    /// <summary>The device's own band: its windows lie in its partial map (its outputs and the strips helpers returned).</summary>
    private async Task<int> OnDeviceAsync(int b, List<int> tiles, TileMapInput input, float[] next, CancellationToken ct)
    {
        var block = plans[b].Block;
        foreach (var k in tiles)
        {
            using var scope = PaceTrace.Scope(PaceTraceNodes.Device, $"b{b}t{k}");
            var tile = plans[b].Tiles[k];
            var crop = new FloatTensor(block.Input, TileExecutor.Shape(block.InputInfo.Shape, tile.Input), input.Crop(block.InputInfo.Shape, tile.Input));
            var output = (await deviceTiles[b][k].RunAsync([crop], ct))[0].Data;
            lock (next) TileStitching.Place(next, block.OutputInfo.Shape, tile.Output, output);
        }
        return tiles.Count;
    }
}
