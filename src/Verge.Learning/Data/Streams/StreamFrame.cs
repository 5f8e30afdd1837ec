namespace Verge.Learning.Data.Streams;

/// <summary>One frame of a stream: 1×28×28 pixels in [0, 1], its time, and the ground truth (the class of the item
/// in view); <see cref="Item"/> counts items from 0, so a change of item is a scene cut.</summary>
public sealed record StreamFrame(int Index, double TimestampMs, float[] Pixels, int Label, int Item);
