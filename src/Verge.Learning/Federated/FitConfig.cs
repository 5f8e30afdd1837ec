namespace Verge.Learning.Federated;

/// <summary>
/// How a client trains in one fit: local SGD steps on its own data, and, for elastic averaging, the elastic
/// coefficient α (0 for every strategy where the client starts from the weights it is sent). With
/// <see cref="LocalEpochs"/> &gt; 0 a client runs that many passes over its own data instead (FedAvg's E).
/// </summary>
public sealed record FitConfig(int LocalSteps, int BatchSize, float LearningRate, float Momentum = 0f, float ElasticAlpha = 0f)
{
    public double LocalEpochs { get; init; }

    /// <summary>DP-FedAvg: the client clips its update to this L2 norm before sending it (0: no clipping).</summary>
    public double ClipNorm { get; init; }

    /// <summary>Adaptive τ: the estimates the client sends with its update (else null).</summary>
    public AdaptiveTau.EstimateRequest? Estimate { get; init; }

    public bool Elastic => ElasticAlpha > 0f;

    /// <summary>The steps a client holding <paramref name="samples"/> samples takes.</summary>
    public int StepsFor(int samples) =>
        LocalEpochs > 0 ? Math.Max(1, (int)Math.Ceiling(LocalEpochs * samples / BatchSize)) : LocalSteps;
}
