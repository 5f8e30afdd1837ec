using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Exits;

/// <summary>
/// One frame through tiered exits: the exit that answered (0 = the device's exit 1, …, the last = final), the site
/// that computed it, its logits, the bytes the device sent up (0 when it answered itself) and the time it took.
/// </summary>
public sealed record TieredFrameResult(long FrameId, int Exit, string ExitName, string Site, FloatTensor Logits, long UplinkBytes, TimeSpan Total);
