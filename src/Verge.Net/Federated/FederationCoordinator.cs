using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;

namespace Verge.Net.Federated;

/// <summary>
/// The server's round loop, transport-free: waits for enough clients, asks the strategy whom to train, hands out
/// fits to clients that poll, takes their updates through <see cref="UpdateIntake"/> (rejecting malformed or
/// stale ones with a logged reason), and when the quorum is in — or the deadline passes, dropping the clients that
/// vanished — aggregates, evaluates and checkpoints. A round that got no update at all is run again.
/// </summary>
public sealed class FederationCoordinator
{
    /// <summary>What a polling client is told.</summary>
    public abstract record Assignment;
    public sealed record WaitForRound : Assignment;
    public sealed record Finished : Assignment;
    public sealed record FitAssignment(FitInstruction Instruction) : Assignment;

    private readonly object _gate = new();
    private readonly FederationServerOptions _options;
    private readonly IFederatedStrategy _strategy;
    private readonly UpdateIntake _intake;
    private readonly Func<float[], double>? _evaluate;
    private readonly Action<string> _log;
    private readonly TimeProvider _clock;
    private readonly Dictionary<int, DateTimeOffset> _lastSeen = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<int, FitInstruction> _tasks = [];
    private HashSet<int> _expected = [];
    private readonly HashSet<int> _delivered = [];
    private readonly HashSet<int> _told = [];
    private readonly List<ClientUpdate> _accepted = [];
    private int _round, _quorum;
    private bool _done;

    public FederationCoordinator(FederationServerOptions options, IFederatedStrategy strategy, int modelLength, int completedRounds,
        Func<float[], double>? evaluate, Action<string> log, TimeProvider? clock = null)
    {
        (_options, _strategy, _evaluate, _log, _clock) = (options, strategy, evaluate, log, clock ?? TimeProvider.System);
        _intake = new UpdateIntake(modelLength);
        CompletedRounds = completedRounds;
    }

    public FederationServerOptions Options => _options;
    public IFederatedStrategy Strategy => _strategy;
    public int CompletedRounds { get; private set; }
    public int RejectedUpdates { get; private set; }
    public event Action<RoundSummary>? RoundCompleted;

    public async Task RunAsync(CancellationToken ct)
    {
        for (int round = CompletedRounds + 1; round <= _options.Rounds;)
        {
            var live = await WaitForClientsAsync(ct);
            var plan = _strategy.ConfigureFit(round, live);
            lock (_gate)
            {
                (_round, _quorum) = (round, plan.Quorum);
                _tasks = plan.Instructions.ToDictionary(i => i.ClientId);
                _expected = [.. _tasks.Keys];
                _delivered.Clear();
                _accepted.Clear();
            }
            Pulse();
            var deadline = _clock.GetUtcNow() + _options.RoundTimeout;
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_accepted.Count >= _quorum) break;
                    changed = _changed.Task;
                }
                var remaining = deadline - _clock.GetUtcNow();
                if (remaining <= TimeSpan.Zero) break;
                await Task.WhenAny(changed, Task.Delay(remaining, _clock, ct));
                ct.ThrowIfCancellationRequested();
            }
            List<ClientUpdate> results;
            lock (_gate)
            {
                results = _accepted.Take(_quorum).ToList();
                _tasks = [];
                _expected = [];
            }
            if (results.Count == 0)
            {
                _log($"round {round}: no update arrived within {_options.RoundTimeout.TotalSeconds:G3} s; running it again");
                continue;
            }
            _strategy.AggregateFit(round, results);
            double? accuracy = _evaluate?.Invoke(_strategy.ConfigureEvaluate(round));
            if (_options.CheckpointDirectory is { } dir)
                new FederationCheckpoint(_strategy.Name, _options.Model, round, _strategy.ModelVersion, _strategy.SaveState()).Save(dir);
            CompletedRounds = round;
            var contributors = results.Select(r => r.ClientId).Order().ToList();
            var missing = plan.Instructions.Select(i => i.ClientId).Except(contributors).Order().ToList();
            var summary = new RoundSummary(round, plan.Instructions.Count, contributors, missing, accuracy, results.Sum(r => r.UplinkBytes),
                _strategy.ModelVersion);
            _log($"round {round}/{_options.Rounds} complete: {contributors.Count} of {plan.Instructions.Count} updates" +
                 (missing.Count > 0 ? $" (dropped clients {string.Join(',', missing)})" : "") +
                 (accuracy is { } a ? $", test accuracy {a:P2}" : "") + $", uplink {summary.UplinkBytes} B");
            RoundCompleted?.Invoke(summary);
            round++;
        }
        lock (_gate) _done = true;
        Pulse();
        _log($"federation done: {CompletedRounds} rounds");
    }

    /// <summary>A client's poll: its fit if the current round asked it and it has not delivered, else WAIT (or DONE).</summary>
    public async Task<Assignment> NextTaskAsync(int clientId, TimeSpan wait, CancellationToken ct)
    {
        var until = _clock.GetUtcNow() + wait;
        while (true)
        {
            Task changed;
            bool isNew;
            lock (_gate)
            {
                isNew = _lastSeen.TryAdd(clientId, _clock.GetUtcNow());
                _lastSeen[clientId] = _clock.GetUtcNow();
                if (_done)
                {
                    _told.Add(clientId);
                    return new Finished();
                }
                if (_tasks.TryGetValue(clientId, out var task) && !_delivered.Contains(clientId)) return new FitAssignment(task);
                changed = _changed.Task;
            }
            if (isNew) Pulse();
            var remaining = until - _clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero) return new WaitForRound();
            await Task.WhenAny(changed, Task.Delay(remaining, _clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Takes an update if it is valid for this round; returns the rejection reason otherwise (also logged).</summary>
    public string? Submit(UpdateEnvelope envelope)
    {
        string? reason;
        lock (_gate)
        {
            _lastSeen[envelope.ClientId] = _clock.GetUtcNow();
            if (_delivered.Contains(envelope.ClientId) && envelope.Round == _round)
                reason = $"client {envelope.ClientId} already delivered its update for round {_round}";
            else
            {
                (var update, reason) = _intake.Accept(envelope, _round, _strategy.ModelVersion, _expected);
                if (update is not null)
                {
                    _delivered.Add(envelope.ClientId);
                    _accepted.Add(update);
                }
            }
        }
        if (reason is null) Pulse();
        else
        {
            RejectedUpdates++;
            _log($"rejected an update: {reason}");
        }
        return reason;
    }

    /// <summary>After the last round: waits (at most <paramref name="timeout"/>) until every present client has been told DONE.</summary>
    public async Task WaitForClientsToFinishAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = _clock.GetUtcNow() + timeout;
        while (_clock.GetUtcNow() < until)
        {
            lock (_gate)
            {
                var now = _clock.GetUtcNow();
                if (_lastSeen.Where(kv => now - kv.Value <= _options.LiveWindow).All(kv => _told.Contains(kv.Key))) return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), _clock, ct);
        }
    }

    /// <summary>The payload of the weights a fit starts from (fp32, as every client decodes it).</summary>
    public static byte[] WeightsPayload(FitInstruction instruction) => new Fp32Codec().Encode(instruction.Weights);

    private async Task<IReadOnlyList<int>> WaitForClientsAsync(CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var now = _clock.GetUtcNow();
                var live = _lastSeen.Where(kv => now - kv.Value <= _options.LiveWindow).Select(kv => kv.Key).Order().ToList();
                if (live.Count >= _options.MinClients) return live;
                changed = _changed.Task;
            }
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(500), _clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    private void Pulse()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}
