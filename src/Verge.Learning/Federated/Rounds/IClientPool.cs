namespace Verge.Learning.Federated.Rounds;

/// <summary>The clients a round can draw on (Flower's ClientManager): who is present, and the proxy of each.</summary>
public interface IClientPool
{
    /// <summary>The ids of the clients available for the next round, once enough of them are present.</summary>
    Task<IReadOnlyList<int>> WaitForClientsAsync(CancellationToken ct);

    IClientProxy this[int clientId] { get; }
}
