namespace Verge.Net.Links;

/// <summary>One body the link shaped: its direction, its real size, and the delay the link computed for it.</summary>
public sealed record ShapedMessage(LinkDirection Direction, long Bytes, TimeSpan Delay);
