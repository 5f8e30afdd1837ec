namespace Verge.Learning.Federated.Simulation;

/// <summary>How a simulated client's time is counted: server rounds, peer-to-peer exchanges, or updates applied on arrival.</summary>
public enum SimulatedRoundKind
{
    Synchronous,
    Decentralized,
    Asynchronous,
}
