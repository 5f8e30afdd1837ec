using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tiles;

/// <summary>
/// Runs a <see cref="FusedTilePlan"/> with helper nodes over gRPC (DeepThings, Zhao et al., TCAD 2018): every tile
/// model is loaded on every helper as a stage, so any helper can take any tile; per frame the device puts all tiles
/// in one queue, each helper takes the next tile whenever it is free (DeepThings' work stealing: a fast helper ends
/// up with more tiles), the device places each returned tile in the block's output and runs the rest of the model
/// itself. With <see cref="TileRunOptions.DeviceTakesTiles"/> the device is one more worker on the same queue, its
/// tiles paced at the device's speed and never on the radio. A helper that fails gives its tile back to the queue and takes no more; tiles no helper is left for run
/// on the device. A chain of plans (<see cref="FusedChain"/>) runs block after block: the device stitches one block's
/// map and the next block's tiles read it. With <see cref="TileRunOptions.HaloExchange"/> a chain runs as
/// <see cref="HaloSchedule"/> says instead (fixed bands, helpers keeping their part of each map, only halos on the
/// radio); a frame that fails so (a helper restarted, or no longer holding the frame) restarts with full crops.
/// </summary>
public sealed class TileRunner : IAsyncDisposable
{
    private readonly IReadOnlyList<FusedTilePlan> _plans;
    private readonly TileRunOptions _options;
    private readonly List<(TileHelper Helper, NodeClient Client, string[][] StageIds)> _helpers;
    private readonly StageSession? _rest;
    private readonly StageSession[][] _deviceTiles;
    private readonly Lazy<TileExecutor> _local;
    private readonly HashSet<string> _lost = new(StringComparer.Ordinal);
    private readonly TileCodecPacer _codec = new();
    private HaloFrameRunner? _halo;
    private int _haloRestarts;

    private TileRunner(IReadOnlyList<FusedTilePlan> plans, TileRunOptions options, List<(TileHelper, NodeClient, string[][])> helpers, StageSession? rest, StageSession[][] deviceTiles)
    {
        _deviceTiles = deviceTiles;
        _plans = plans;
        _options = options;
        _helpers = helpers;
        _rest = rest;
        _local = new Lazy<TileExecutor>(() => new TileExecutor(plans, options.Threads));
    }

    /// <summary>Frames that halo exchange could not finish and that ran again with full crops.</summary>
    public int HaloRestarts => _haloRestarts;

    /// <summary>The device's codec work (normalising 8-bit windows, packing and unpacking strips), paced at its speed and counted.</summary>
    public TileCodecPacer CodecWork => _codec;

    /// <summary>The device's radio, shared by every helper's connection.</summary>
    public EmulatedLink Link { get; private init; } = null!;

    public static Task<TileRunner> StartAsync(FusedTilePlan plan, IReadOnlyList<TileHelper> helpers, TileRunOptions options, CancellationToken ct = default) =>
        StartAsync([plan], helpers, options, ct);

    /// <summary>Loads every tile of every block on every helper (and on the device when it takes tiles); the last plan's rest on the device.</summary>
    public static async Task<TileRunner> StartAsync(IReadOnlyList<FusedTilePlan> plans, IReadOnlyList<TileHelper> helpers, TileRunOptions options, CancellationToken ct = default)
    {
        var link = new EmulatedLink(options.Link);
        var connected = new List<(TileHelper, NodeClient, string[][])>();
        StageSession? rest = null;
        var deviceTiles = new List<StageSession[]>();
        try
        {
            foreach (var helper in helpers)
            {
                var client = NodeClient.Connect(helper.Url, link, options.Security);
                var ids = plans.Select((p, b) => p.Tiles.Select(t => StageIds.Unguessable($"tiles/{b}/{t.Index}")).ToArray()).ToArray();
                connected.Add((helper, client, ids));
            }
            // Nodes of equal speed must take equal time for the same tile: each tile's typical time on this host is
            // timed once, here (or by the caller, in the sitting it compares against), one tile at a time, and every
            // node that loads it (the device too) is paced by that time.
            // Timed by each node at its own load, the same tile took up to 40 % longer on one helper than on another
            // (whatever else ran while it warmed up), and a block waits for its slowest worker.
            var typical = options.TypicalTimes ?? TileTypicalTimes.Measure(plans, options);
            foreach (var (_, client, ids) in connected)
                for (int b = 0; b < plans.Count; b++)
                    await LoadAsync(plans[b], client, ids[b], typical?[b], ct);
            if (plans[^1].Rest is { } stage)
                rest = new StageSession(Google.Protobuf.MessageExtensions.ToByteArray(stage.Model), stage.Inputs, stage.Outputs, options.Threads, options.DeviceSpeed);
            if (options.DeviceTakesTiles)
                foreach (var (plan, b) in plans.Select((p, b) => (p, b)))
                    deviceTiles.Add(plan.Tiles.Select(tile => new StageSession(Google.Protobuf.MessageExtensions.ToByteArray(tile.Model), [plan.Block.Input], [plan.Block.Output],
                        options.Threads, options.DeviceSpeed, typical?[b][tile.Index])).ToArray());
            var runner = new TileRunner(plans, options, connected, rest, [.. deviceTiles]) { Link = link };
            if (options.HaloExchange)
            {
                var uses = options.HelpersPerBlock ?? plans.Select(_ => connected.Count).ToList();
                runner._halo = new HaloFrameRunner(plans, HaloChain.Schedule(plans, uses, options.DeviceTakesTiles), connected, runner._deviceTiles, options, runner._codec);
            }
            return runner;
        }
        catch
        {
            foreach (var (_, client, _) in connected) client.Dispose();
            rest?.Dispose();
            foreach (var s in deviceTiles.SelectMany(d => d)) s.Dispose();
            throw;
        }
    }

    private static async Task LoadAsync(FusedTilePlan plan, NodeClient client, string[] ids, TimeSpan?[]? typical, CancellationToken ct)
    {
        foreach (var tile in plan.Tiles)
            await client.LoadStageAsync(new StageModel(ids[tile.Index], Google.Protobuf.MessageExtensions.ToByteArray(tile.Model), [], []) { Typical = typical?[tile.Index] }, ct: ct);
    }

    public Task<TileFrame> RunAsync(float[] image, long frameId, CancellationToken ct = default) => RunAsync(TileMapInput.Of(image, _options, _codec), frameId, ct);

    /// <summary>A camera's 8-bit frame (the model's input declared u8 by <see cref="TileRunOptions.U8Input"/>): its windows cross the radio as bytes.</summary>
    public Task<TileFrame> RunAsync(byte[] frame, long frameId, CancellationToken ct = default) => RunAsync(TileMapInput.Of(frame, _options, _codec), frameId, ct);

    private async Task<TileFrame> RunAsync(TileMapInput image, long frameId, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        var taken = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var peak = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        int onDevice = 0;
        float[]? output = null;
        if (_halo is not null && _lost.Count == 0)
        {
            try
            {
                (output, onDevice) = await _halo.RunAsync(image, frameId, taken, peak, ct);
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                // "frame N block B is not held on this helper" or a helper gone: the frame restarts with full crops.
                Interlocked.Increment(ref _haloRestarts);
                (taken, peak, onDevice) = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), 0);
            }
        }
        if (output is null)
        {
            var input = image;
            for (int b = 0; b < _plans.Count; b++)
            {
                var (map, local) = await RunBlockAsync(b, input, frameId, taken, peak, ct);
                onDevice += local;
                (output, input) = (map, TileMapInput.Of(map, _options, _codec));
            }
        }
        var last = _plans[^1].Block;
        using var scope = PaceTrace.Scope(PaceTraceNodes.Device, "rest");
        var outputs = _rest is null
            ? new Dictionary<string, float[]> { [last.Output] = output! }
            : (await _rest.RunAsync([new FloatTensor(last.Output, last.OutputInfo.Shape, output!)], ct)).ToDictionary(t => t.Name, t => t.Data, StringComparer.Ordinal);
        return new TileFrame(outputs, Stopwatch.GetElapsedTime(start), taken, peak, onDevice);
    }

    /// <summary>One block: its tiles from one queue to the helpers it uses (and the device), stitched into its output map.</summary>
    private async Task<(float[] Map, int OnDevice)> RunBlockAsync(int b, TileMapInput input, long frameId,
        ConcurrentDictionary<string, int> taken, ConcurrentDictionary<string, long> peak, CancellationToken ct)
    {
        var plan = _plans[b];
        var map = new float[plan.Block.OutputInfo.Elements];
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, plan.Tiles.Count));
        int uses = _options.HelpersPerBlock is { } per ? per[b] : _helpers.Count;
        var live = _helpers.Take(uses).Where(h => !_lost.Contains(h.Helper.Name)).ToList();
        int onDevice = 0;
        var workers = live.Select(h => Task.Run(() => WorkAsync(h, b, input, frameId, map, queue, taken, peak, ct), ct)).ToList();
        if (_deviceTiles.Length > 0)
            workers.Add(Task.Run(async () => onDevice = await WorkOnDeviceAsync(b, input, map, queue, ct), ct));
        await Task.WhenAll(workers);

        while (queue.TryDequeue(out var k))
        {
            var output = _local.Value.RunTile(b, k, input.All(plan.Block.InputInfo.Shape));
            lock (map) TileStitching.Place(map, plan.Block.OutputInfo.Shape, plan.Tiles[k].Output, output);
            onDevice++;
        }
        return (map, onDevice);
    }

    /// <summary>The device's own worker: takes tiles from the same queue while helpers do, at the device's speed.</summary>
    private async Task<int> WorkOnDeviceAsync(int b, TileMapInput image, float[] map, ConcurrentQueue<int> queue, CancellationToken ct)
    {
        var block = _plans[b].Block;
        using var scope = PaceTrace.Scope(PaceTraceNodes.Device, $"b{b}");
        int done = 0;
        while (!ct.IsCancellationRequested && queue.TryDequeue(out var k))
        {
            var tile = _plans[b].Tiles[k];
            var input = new FloatTensor(block.Input, TileExecutor.Shape(block.InputInfo.Shape, tile.Input), image.Crop(block.InputInfo.Shape, tile.Input));
            var output = (await _deviceTiles[b][k].RunAsync([input], ct))[0].Data;
            lock (map) TileStitching.Place(map, block.OutputInfo.Shape, tile.Output, output);
            done++;
        }
        return done;
    }

    private async Task WorkAsync((TileHelper Helper, NodeClient Client, string[][] StageIds) h, int b, TileMapInput image, long frameId, float[] map,
        ConcurrentQueue<int> queue, ConcurrentDictionary<string, int> taken, ConcurrentDictionary<string, long> peak, CancellationToken ct)
    {
        var block = _plans[b].Block;
        using var scope = PaceTrace.Scope(PaceTraceNodes.Device, $"{h.Helper.Name} b{b}");
        while (queue.TryDequeue(out var k))
        {
            var tile = _plans[b].Tiles[k];
            var request = new InferRequest { StageId = h.StageIds[b][k], FrameId = frameId };
            if (image.NeedsExchange) request.Tile = FullCrop(b, tile, image);
            else request.Inputs.Add(TensorCodec.Encode(block.Input, TileExecutor.Shape(block.InputInfo.Shape, tile.Input),
                TileStitching.Crop(image.All(block.InputInfo.Shape), block.InputInfo.Shape, tile.Input), Codec.Fp32, false));
            InferReply reply;
            try
            {
                reply = await h.Client.InferAsync(request, _options.TileTimeout, ct);
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                lock (_lost) _lost.Add(h.Helper.Name);
                queue.Enqueue(k);
                return;
            }
            var (region, output) = reply.Outputs.Count > 0 ? (tile.Output, TensorCodec.Decode(reply.Outputs[0]).Data) : TileMapInput.Unpack(reply.Strips.Single(), _options, _codec);
            lock (map) TileStitching.Place(map, block.OutputInfo.Shape, region, output);
            taken.AddOrUpdate(h.Helper.Name, 1, (_, n) => n + 1);
            peak.AddOrUpdate(h.Helper.Name, tile.PeakActivationBytes, (_, p) => Math.Max(p, tile.PeakActivationBytes));
        }
    }

    /// <summary>
    /// A full-crop tile as a one-call <see cref="TileExchange"/>, so its window can travel 8-bit or packed: the whole
    /// window sent, nothing held before or kept after, the whole output back.
    /// </summary>
    private TileExchange FullCrop(int b, TileModel tile, TileMapInput image)
    {
        var exchange = new TileExchange
        {
            Block = b, Window = TileExchangeCall.Rect(tile.Input), Output = TileExchangeCall.Rect(tile.Output), FullOutput = true, EndFrame = true,
            PackStrips = _options.PackStrips,
        };
        exchange.Strips.Add(image.Strip(_plans[b].Block.Input, _plans[b].Block.InputInfo.Shape, tile.Input));
        if (image.U8 is { } u8) exchange.U8Input = u8;
        return exchange;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (helper, client, ids) in _helpers)
        {
            if (!_lost.Contains(helper.Name))
                foreach (var id in ids.SelectMany(i => i))
                    try { await client.UnloadStageAsync(id); }
                    catch (RpcException) { break; }
            client.Dispose();
        }
        _rest?.Dispose();
        foreach (var s in _deviceTiles.SelectMany(d => d)) s.Dispose();
        if (_local.IsValueCreated) _local.Value.Dispose();
    }
}
