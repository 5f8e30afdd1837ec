using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Device;

/// <summary>
/// One frame's outputs and where they came from. <see cref="ComputedAt"/> reads like "device+edge+cloud" or
/// "device (fallback)" or
/// "device (reused)"; <see cref="Network"/> is total − device compute − remote compute (links and transport).
/// </summary>
public sealed record FrameResult(
    long FrameId,
    IReadOnlyList<FloatTensor> Outputs,
    string ComputedAt,
    bool Fallback,
    IReadOnlyList<NodeCompute> Nodes,
    TimeSpan Total,
    TimeSpan DeviceCompute,
    TimeSpan Network,
    TimeSpan RemoteCompute,
    long UplinkBytes,
    long DownlinkBytes)
{
    public const string FallbackTag = "device (fallback)";
    public const string ReusedTag = "device (reused)";

    /// <summary>True when the reuse gate found the frame unchanged and <see cref="Outputs"/> are the last answer's.</summary>
    public bool Reused { get; init; }
}
