using Verge.Core.Deployment;

namespace Verge.Inference.Planning;

/// <summary>
/// One transfer between stage sites over the links of <see cref="Path"/>: the tensors it carries, their size on the
/// wire (after the codec), and its predicted one-way time. <see cref="IsReturn"/> marks the result going back to the
/// device.
/// </summary>
public sealed record Hop(string From, string To, IReadOnlyList<Link> Path, IReadOnlyList<string> Tensors, long Bytes, double Ms, bool IsReturn);
