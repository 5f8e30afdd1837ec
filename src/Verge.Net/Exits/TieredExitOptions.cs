using Verge.Net.Wire;

namespace Verge.Net.Exits;

/// <summary>How tiered exits are put on nodes: wire codec on every hop, device threads, and the call timeout.</summary>
public sealed record TieredExitOptions
{
    public TensorEncoding Encoding { get; init; } = TensorEncoding.Fp32;
    public int Threads { get; init; } = 1;
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
