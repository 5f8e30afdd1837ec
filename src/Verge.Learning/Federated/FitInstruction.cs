namespace Verge.Learning.Federated;

/// <summary>What a strategy sends one client for one fit (Flower's FitIns): the weights to start from and how to train.</summary>
public sealed record FitInstruction(int ClientId, int Round, long ModelVersion, float[] Weights, FitConfig Config)
{
    /// <summary>Under secure aggregation, the masked-input request the client answers with its masked update (else null).</summary>
    public byte[]? SecureAggregation { get; init; }

    /// <summary>Codistillation: the stale models of the other groups to distil from (else null).</summary>
    public Codistillation.CodistillTargets? Codistill { get; init; }
}
