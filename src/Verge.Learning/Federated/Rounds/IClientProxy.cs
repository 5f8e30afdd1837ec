namespace Verge.Learning.Federated.Rounds;

/// <summary>
/// One client as the round engine sees it (Flower's ClientProxy): hand it a fit, get its update back. Whether the
/// client is simulated in this process or polls over gRPC is the proxy's business, never the engine's.
/// </summary>
public interface IClientProxy
{
    int Id { get; }

    /// <summary>
    /// Trains as instructed. <paramref name="ct"/> is cancelled when the round closes without this client's update
    /// (quorum reached or deadline passed).
    /// </summary>
    Task<FitReply> FitAsync(FitInstruction instruction, CancellationToken ct);

    /// <summary>
    /// Secure aggregation's stages around the fit (advertise keys, share keys, unmask): hands the client one request and
    /// returns its reply, <see cref="ExchangeReply.Lost"/> when it dropped. Proxies of clients that cannot speak it refuse.
    /// </summary>
    Task<ExchangeReply> ExchangeAsync(int round, byte[] request, CancellationToken ct) =>
        throw new NotSupportedException($"client {Id} cannot take part in secure aggregation");
}
