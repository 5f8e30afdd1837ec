using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.FedAvg;

namespace Verge.Learning.Federated.Codistillation;

/// <summary>
/// Codistillation (Anil et al., "Large scale distributed neural network training through online distillation",
/// ICLR 2018): G groups of clients train G separate models, each group by FedAvg among its own clients; every
/// <see cref="CodistillationOptions.Every"/> rounds after a burn-in the server snapshots every group's model, and a
/// client of group g trains against the stale snapshots of the other G − 1 groups as a distillation term
/// (<see cref="CodistillationLoss"/>). What is exchanged, and counted: each client's fp32-or-codec update up (as
/// FedAvg), its group's model down (as FedAvg), and the G − 1 stale teacher models down the first time a client is
/// sent a new snapshot (<see cref="RoundAggregate.ExtraDownlinkBytes"/>). The evaluated model is group 0's.
/// </summary>
public sealed class CodistillationStrategy : IFederatedStrategy
{
    private readonly float[][] _groups;
    private float[][]? _snapshot;
    private int _snapshotVersion;
    private readonly Dictionary<int, int> _held = [];
    private long _pendingDownlink;
    private int _pendingTeachers;

    public CodistillationStrategy(float[] initialWeights, FitConfig fit, double fraction, int seed, int clients, CodistillationOptions options)
    {
        Options = options.Validate(clients);
        (Fit, Fraction, Seed) = (fit, fraction, seed);
        _groups = Enumerable.Range(0, options.Groups).Select(_ => (float[])initialWeights.Clone()).ToArray();
    }

    public CodistillationOptions Options { get; }
    public FitConfig Fit { get; }
    public double Fraction { get; }
    public int Seed { get; }
    public string Name => "codistill";
    public long ModelVersion { get; private set; }
    public bool Asynchronous => false;
    public bool Decentralized => false;
    /// <summary>Each group's current model, group g's at index g.</summary>
    public IReadOnlyList<float[]> GroupModels => _groups;
    /// <summary>Teacher models sent to clients so far (each counts one model's bytes).</summary>
    public long TeachersSent { get; private set; }

    public int GroupOf(int client) => client % Options.Groups;

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients)
    {
        var chosen = ClientSampler.Sample(availableClients, Fraction, Seed, round);
        var instructions = new List<FitInstruction>(chosen.Count);
        foreach (int c in chosen)
        {
            int g = GroupOf(c);
            var instruction = new FitInstruction(c, round, ModelVersion, _groups[g], Fit);
            if (_snapshot is { } snapshot && Options.Alpha > 0)
            {
                var teachers = snapshot.Where((_, h) => h != g).ToList();
                // A client keeps the teachers it was sent until the next snapshot: only a new one costs downlink.
                if (!_held.TryGetValue(c, out int version) || version != _snapshotVersion)
                {
                    _held[c] = _snapshotVersion;
                    _pendingDownlink += teachers.Count * Fp32Codec.EncodedSize(snapshot[0].Length);
                    _pendingTeachers += teachers.Count;
                }
                instruction = instruction with { Codistill = new CodistillTargets(teachers, Options.Distillation) };
            }
            instructions.Add(instruction);
        }
        return new FitPlan(instructions, chosen.Count);
    }

    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        var (down, sent) = (_pendingDownlink, _pendingTeachers);
        (_pendingDownlink, _pendingTeachers) = (0, 0);
        TeachersSent += sent;
        if (results.Count == 0) return new RoundAggregate(0, ExtraDownlinkBytes: down);
        int n = _groups[0].Length;
        foreach (var group in results.GroupBy(r => GroupOf(r.ClientId)))
        {
            var next = (float[])_groups[group.Key].Clone();
            Aggregation.AddScaled(next, FedAvgStrategy.Aggregate(group.ToList(), n), 1f);
            _groups[group.Key] = next;
        }
        ModelVersion++;
        string? note = sent > 0 ? $"{sent} teacher models sent" : null;
        if (Options.RefreshesAfter(round))
        {
            // Group models are replaced, never written in place, so the snapshot may share their arrays.
            _snapshot = [.. _groups];
            _snapshotVersion++;
        }
        return new RoundAggregate(results.Count, ExtraDownlinkBytes: down, Note: note);
    }

    public float[] ConfigureEvaluate(int round) => _groups[0];

    public IReadOnlyList<(string Name, float[] Values)> SaveState()
    {
        var state = new List<(string, float[])> { ("snapshot_version", [_snapshotVersion]) };
        for (int g = 0; g < _groups.Length; g++)
        {
            state.Add(($"group{g}", _groups[g]));
            if (_snapshot is not null) state.Add(($"snapshot{g}", _snapshot[g]));
        }
        return state;
    }

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion)
    {
        var byName = state.ToDictionary(s => s.Name, s => s.Values);
        for (int g = 0; g < _groups.Length; g++) _groups[g] = (float[])byName[$"group{g}"].Clone();
        _snapshot = byName.ContainsKey("snapshot0") ? Enumerable.Range(0, _groups.Length).Select(g => (float[])byName[$"snapshot{g}"].Clone()).ToArray() : null;
        _snapshotVersion = (int)byName["snapshot_version"][0];
        _held.Clear();
        ModelVersion = modelVersion;
    }
}
