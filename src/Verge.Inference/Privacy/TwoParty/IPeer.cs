namespace Verge.Inference.Privacy.TwoParty;

/// <summary>
/// The other party of a two-party protocol: one round sends this party's message and receives the peer's. The
/// transport (gRPC in Verge.Net, an in-process pair in tests) counts the bytes; checking lengths is the caller's.
/// </summary>
public interface IPeer
{
    /// <summary>Sends <paramref name="mine"/> and returns what the peer sent in the same round.</summary>
    Task<ulong[]> ExchangeAsync(ulong[] mine, string step, CancellationToken ct);

    long BytesSent { get; }
    long BytesReceived { get; }
    int Rounds { get; }
}
