using Verge.Net.Security;

namespace Verge.Net.Federated;

/// <summary>
/// One device client: the server to dial, its id among <see cref="Clients"/>, its share of Fashion-MNIST (Dirichlet
/// α, or IID when null, over the first <see cref="TrainLimit"/> images), and how long it keeps retrying an
/// unreachable server (a restarting one) before giving up.
/// </summary>
public sealed record FederationClientOptions(string ServerUrl, int ClientId, int Clients)
{
    public double? Alpha { get; init; }
    public int TrainLimit { get; init; }
    public string? DataDirectory { get; init; }
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(60);
    public int Threads { get; init; } = 1;
    /// <summary>The token this client sends and the CA it trusts (the server needs role infer).</summary>
    public ClientSecurity Security { get; init; } = ClientSecurity.None;
    /// <summary>Send only masked updates: refuse a server that asks for plain ones.</summary>
    public bool RequireSecureAggregation { get; init; }
}
