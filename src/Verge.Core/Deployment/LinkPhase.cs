using Verge.Core.Units;

namespace Verge.Core.Deployment;

/// <summary>Link conditions from frame <see cref="AfterFrames"/> on (a network that changes during a run).</summary>
public sealed record LinkPhase(int AfterFrames, Bandwidth Bandwidth, TimeSpan Rtt);
