using Verge.Inference.Planning.InputWise;
using Verge.Net.Links;
using Verge.Net.Security;

namespace Verge.Net.Tiles;

/// <summary>
/// How the device reaches its helpers and computes its own part. <see cref="Link"/> is the device's radio: one
/// emulated link that every tile to and from every helper shares, as the helpers share one Wi-Fi cell around the
/// device. <see cref="DeviceSpeed"/> paces the rest of the model (and tiles the device takes over from lost helpers).
/// </summary>
public sealed record TileRunOptions
{
    public LinkParameters Link { get; init; } = LinkParameters.Unlimited;

    public double DeviceSpeed { get; init; } = 1.0;

    public ClientSecurity Security { get; init; } = ClientSecurity.None;

    public int Threads { get; init; } = 1;

    /// <summary>
    /// Whether the device takes tiles from the queue too, at <see cref="DeviceSpeed"/> and without crossing the radio
    /// (DeepThings' data source is one of the workers, Zhao et al., TCAD 2018, §V); false: only helpers do.
    /// </summary>
    public bool DeviceTakesTiles { get; init; }

    /// <summary>
    /// For a chain of blocks, how many of the helpers (the first ones) each block uses, as the latency model chose
    /// (<see cref="Inference.Planning.InputWise.FusedChain"/>); null: every block uses every helper.
    /// </summary>
    public IReadOnlyList<int>? HelpersPerBlock { get; init; }

    /// <summary>
    /// Whether a chain runs under halo exchange (<see cref="Inference.Planning.InputWise.HaloSchedule"/>): each worker
    /// keeps its band of every map, only halos cross the radio; false: the device stitches and re-crops every map.
    /// </summary>
    public bool HaloExchange { get; init; }

    /// <summary>Called after each block of a halo-exchange frame (frame id, block): tests restart a helper mid-chain there.</summary>
    internal Func<long, int, Task>? AfterHaloBlock { get; init; }

    /// <summary>
    /// Set when the model's input is declared a camera's 8-bit image (<see cref="ImageNormalization"/>): frames come as
    /// bytes (<see cref="TileRunner.RunAsync(byte[], long, CancellationToken)"/>), the first block's windows cross the radio
    /// as 8-bit values and whoever computes a tile normalises its window; null: float input, as before.
    /// </summary>
    public ImageNormalization? U8Input { get; init; }

    /// <summary>
    /// Whether strips of post-ReLU maps cross the radio as a zero bitmap and their non-zero values (<see cref="ZeroBitmap"/>,
    /// lossless) when that is smaller, both ways; the codec's CPU time is paced at each side's speed. False: float32, as before.
    /// </summary>
    public bool PackStrips { get; init; }

    /// <summary>
    /// Each tile's typical time on this host (per block, per tile index), timed by the caller in the sitting it compares
    /// against (<see cref="TileTypicalTimes"/>); null: <see cref="TileRunner.StartAsync(IReadOnlyList{FusedTilePlan}, IReadOnlyList{TileHelper}, TileRunOptions, CancellationToken)"/> times them.
    /// </summary>
    internal TimeSpan?[][]? TypicalTimes { get; init; }

    /// <summary>How long one tile may take on a helper before the helper counts as lost and its tile goes back to the queue.</summary>
    public TimeSpan TileTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
