using System.Diagnostics;
using Grpc.Core;
using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Hosting;

/// <summary>
/// A stage call under halo exchange (<see cref="TileExchange"/>): assembles the tile's input window from the pieces
/// the node holds of the frame and the strips sent with the call, runs the tile, keeps its output for the next block,
/// and returns only the parts of it asked for (or all of it after the chain's last block).
/// </summary>
internal static class TileExchangeCall
{
    public static async Task<InferReply> RunAsync(LoadedStage stage, InferRequest request, TileHaloStore store, string caller, NodeHostOptions node, long received)
    {
        using var scope = Links.PaceTrace.Scope(node.NodeName, stage.Id);
        var tile = request.Tile;
        var window = Region(tile.Window, "window");
        // The codec's CPU time (unpacking, normalising 8-bit values, packing the reply) is the node's, paced like its compute.
        TimeSpan held = TimeSpan.Zero, took = TimeSpan.Zero;
        void Charge(TileCodecWork work, long values, long since)
        {
            var measured = Stopwatch.GetElapsedTime(since);
            (held, took) = (held + store.Codec.Charge(work, values, measured, node.Speed, node.Dilation), took + measured);
        }
        bool packedIn = tile.Strips.Any(s => s.Packed is not null);
        var strips = new List<TileHaloStore.Piece>(tile.Strips.Count);
        foreach (var s in tile.Strips)
        {
            long since = Stopwatch.GetTimestamp();
            var piece = Piece(s, tile.U8Input, node);
            if (packedIn) Charge(s.Packed?.Format == StripFormat.U8 ? TileCodecWork.Normalize : TileCodecWork.Unpack, piece.Data.LongLength, since);
            strips.Add(piece);
        }
        var pieces = store.Input(caller, request.FrameId, tile.Block, tile.ExpectsHeld, strips);
        var input = pieces is null ? null : Assemble(window, pieces, node);
        if (input is null)
        {
            store.Drop(caller, request.FrameId);
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"frame {request.FrameId} block {tile.Block} is not held on this helper ({node.NodeName}); the device restarts the frame"));
        }
        var clock = node.Clock;
        long started = clock.GetTimestamp();
        FloatTensor output;
        try
        {
            output = (await stage.Session.RunAsync([new FloatTensor(stage.Session.InputNames[0], input.Value.Shape, input.Value.Data)]))[0];
        }
        catch (Exception e) when (e is OnnxRuntimeException or ArgumentException)
        {
            throw WireErrors.Invalid($"stage '{stage.Id}' on {node.NodeName} cannot run frame {request.FrameId}: {e.Message}");
        }
        var compute = clock.GetElapsedTime(started);
        var region = Region(tile.Output, "output");
        if (output.Shape.Length != 4 || output.Shape[2] != region.Rows.Length || output.Shape[3] != region.Cols.Length)
            throw WireErrors.Invalid($"stage '{stage.Id}': its output [{string.Join(",", output.Shape)}] does not fill the tile's output {region}");
        var kept = new TileHaloStore.Piece(region, output.Shape[0], output.Shape[1], output.Data);
        if (tile.Keep) store.Keep(caller, request.FrameId, tile.Block, kept);
        if (tile.EndFrame) store.Drop(caller, request.FrameId);

        var reply = new InferReply();
        reply.Timings.Add(new StageTiming { Node = node.NodeName, StageId = stage.Id, ComputeMs = compute.TotalMilliseconds, TotalMs = compute.TotalMilliseconds, BytesReceived = received });
        long at = Stopwatch.GetTimestamp();
        if (tile.FullOutput && tile.PackStrips) reply.Strips.Add(TileStripCodec.Encode(tile.Output, output.Name, output.Shape, output.Data, pack: true));
        else if (tile.FullOutput) reply.Outputs.Add(TensorCodec.Encode(output, TensorEncoding.Fp32));
        if (tile.FullOutput && tile.PackStrips) Charge(TileCodecWork.Pack, output.Data.LongLength, at);
        foreach (var rect in tile.SendBack)
        {
            at = Stopwatch.GetTimestamp();
            var part = Region(rect, "send_back");
            if (!region.Contains(part)) throw WireErrors.Invalid($"send_back {part} lies outside the tile's output {region}");
            var shape = new[] { output.Shape[0], output.Shape[1], part.Rows.Length, part.Cols.Length };
            var values = TileStitching.Crop(output.Data, [output.Shape[0], output.Shape[1], region.Rows.Length, region.Cols.Length], Shift(part, region));
            reply.Strips.Add(TileStripCodec.Encode(rect, output.Name, shape, values, tile.PackStrips));
            if (tile.PackStrips) Charge(TileCodecWork.Pack, values.LongLength, at);
        }
        await TileCodecPacer.HoldAsync(held, took);
        return reply;
    }

    /// <summary>The window's values from the pieces that overlap it, or null when they leave part of it uncovered.</summary>
    private static (long[] Shape, float[] Data)? Assemble(TileRegion window, IReadOnlyList<TileHaloStore.Piece> pieces, NodeHostOptions node)
    {
        if (pieces.Count == 0) return null;
        var (batch, channels) = (pieces[0].Batch, pieces[0].Channels);
        if (pieces.Any(p => p.Batch != batch || p.Channels != channels)) throw WireErrors.Invalid("the strips of one map disagree on its batch or channels");
        long planes = batch * channels;
        if (planes * window.Area > node.Security.MaxRequestElements)
            throw WireErrors.Invalid($"a window of {planes * window.Area} values is over the node's limit of {node.Security.MaxRequestElements}");
        var data = new float[planes * window.Area];
        var covered = new bool[window.Area];
        long[] shape = [batch, channels, window.Rows.Length, window.Cols.Length];
        foreach (var piece in pieces)
        {
            if (RegionCells.Overlap(window, piece.Region) is not { } part) continue;
            var values = TileStitching.Crop(piece.Data, [batch, channels, piece.Region.Rows.Length, piece.Region.Cols.Length], Shift(part, piece.Region));
            TileStitching.Place(data, shape, Shift(part, window), values);
            for (long r = part.Rows.Start; r < part.Rows.End; r++)
                Array.Fill(covered, true, (int)((r - window.Rows.Start) * window.Cols.Length + part.Cols.Start - window.Cols.Start), (int)part.Cols.Length);
        }
        return Array.IndexOf(covered, false) < 0 ? (shape, data) : null;
    }

    private static TileHaloStore.Piece Piece(TileStrip strip, U8Input? u8, NodeHostOptions node)
    {
        var region = Region(strip.Rect, "strip");
        var (shape, data) = TileStripCodec.Decode(strip, u8, node.Security.MaxRequestElements);
        if (shape.Length != 4 || shape[2] != region.Rows.Length || shape[3] != region.Cols.Length)
            throw WireErrors.Invalid($"a strip of shape [{string.Join(",", shape)}] does not fill {region}");
        if (data.LongLength > node.Security.MaxRequestElements)
            throw WireErrors.Invalid($"a strip of {data.LongLength} values is over the node's limit of {node.Security.MaxRequestElements}");
        return new TileHaloStore.Piece(region, shape[0], shape[1], data);
    }

    private static TileRegion Region(TileRect? rect, string what) =>
        rect is { Row: >= 0, Col: >= 0, Rows: > 0 and <= int.MaxValue, Cols: > 0 and <= int.MaxValue } r
            ? new TileRegion(new AxisSpan(r.Row, r.Row + r.Rows), new AxisSpan(r.Col, r.Col + r.Cols))
            : throw WireErrors.Invalid($"the tile's {what} rectangle is missing or empty");

    /// <summary><paramref name="part"/> in the coordinates of <paramref name="origin"/>'s corner.</summary>
    private static TileRegion Shift(TileRegion part, TileRegion origin) =>
        new(new AxisSpan(part.Rows.Start - origin.Rows.Start, part.Rows.End - origin.Rows.Start), new AxisSpan(part.Cols.Start - origin.Cols.Start, part.Cols.End - origin.Cols.Start));

    public static TileRect Rect(TileRegion r) => new() { Row = r.Rows.Start, Col = r.Cols.Start, Rows = r.Rows.Length, Cols = r.Cols.Length };
}
