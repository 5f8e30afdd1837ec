namespace Verge.Learning.Federated.Easgd;

/// <summary>
/// Elastic averaging SGD (Zhang, Choromanska and LeCun, NeurIPS 2015), synchronous form: every worker keeps its
/// own weights xᵢ and runs τ local steps; at each communication it sends xᵢ − x̃ and moves by −α(xᵢ − x̃), while
/// the centre moves by +α·Σᵢ(xᵢ − x̃). Workers explore, the elastic force holds them near the centre.
/// </summary>
public sealed class EasgdStrategy : IFederatedStrategy
{
    private float[] _center;

    public EasgdStrategy(float[] initialWeights, EasgdOptions options)
    {
        _center = (float[])initialWeights.Clone();
        Options = options;
        Fit = options.Fit with { ElasticAlpha = options.Alpha };
    }

    public EasgdOptions Options { get; }
    public FitConfig Fit { get; }
    public string Name => "easgd";
    public long ModelVersion { get; private set; }
    public bool Asynchronous => false;
    public bool Decentralized => false;

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients) =>
        new(availableClients.Select(c => new FitInstruction(c, round, ModelVersion, _center, Fit)).ToList(), availableClients.Count);

    /// <summary>x̃ ← x̃ + α·Σᵢ(xᵢ − x̃) over the workers that reported.</summary>
    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        if (results.Count == 0) return new RoundAggregate(0);
        var next = (float[])_center.Clone();
        foreach (var r in results) Aggregation.AddScaled(next, r.Delta, Options.Alpha);
        _center = next;
        ModelVersion++;
        return new RoundAggregate(results.Count);
    }

    public float[] ConfigureEvaluate(int round) => _center;

    public IReadOnlyList<(string Name, float[] Values)> SaveState() => [("center", _center)];

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion)
    {
        _center = (float[])state.Single(s => s.Name == "center").Values.Clone();
        ModelVersion = modelVersion;
    }
}
