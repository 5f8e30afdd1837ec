namespace Verge.Core.Spec;

/// <summary>
/// One step of <c>app.moves</c>: after <see cref="AfterFrames"/> frames the device is served by the edge node
/// <see cref="Edge"/> (it moved, §VI-A3); its session hands over to that edge server, which pre-loads the stages first.
/// </summary>
public sealed record MoveSpec(int AfterFrames, string Edge);
