using System.Diagnostics;

namespace Verge.Learning.Federated.Rounds;

/// <summary>
/// The one federated server loop (Flower's Server.fit): each round asks the strategy whom to train, hands the fits
/// to the clients' proxies, takes their updates through <see cref="UpdateIntake"/> in arrival order until the
/// quorum is in or the deadline passes, aggregates, evaluates, checkpoints and reports. The same engine runs the
/// in-process simulation (simulated proxies, simulated clock) and the gRPC server (remote proxies, real clock).
/// Asynchronous strategies apply each update as it arrives instead (<see cref="RunAsync"/> picks the mode).
/// </summary>
public sealed partial class RoundEngine
{
    private readonly object _gate = new();
    private readonly IFederatedStrategy _strategy;
    private readonly IClientPool _clients;
    private readonly RoundEngineOptions _options;
    private readonly UpdateIntake _intake;
    private readonly Func<float[], EvaluateResult>? _evaluate;
    private readonly Action<string>? _log;
    private readonly TimeProvider _clock;
    private IReadOnlySet<int> _expected = new HashSet<int>();
    private int _round;

    /// <param name="evaluate">Evaluates weights on test data after every round (null: no evaluation).</param>
    /// <param name="completedRounds">Rounds already done (a server resuming from its checkpoint).</param>
    public RoundEngine(IFederatedStrategy strategy, IClientPool clients, RoundEngineOptions options, int modelLength,
        Func<float[], EvaluateResult>? evaluate = null, Action<string>? log = null, TimeProvider? clock = null, int completedRounds = 0)
    {
        (_strategy, _clients, _options, _evaluate, _log, _clock) = (strategy, clients, options, evaluate, log, clock ?? TimeProvider.System);
        _intake = new UpdateIntake(modelLength, options.Limits);
        CompletedRounds = completedRounds;
    }

    public IFederatedStrategy Strategy => _strategy;
    public RoundEngineOptions Options => _options;
    public int CompletedRounds { get; private set; }
    /// <summary>Updates the intake refused inside the engine (a remote proxy refuses bad ones before they get here).</summary>
    public int RejectedUpdates { get; private set; }
    public event Action<RoundOutcome>? RoundCompleted;

    /// <summary>Runs the remaining rounds; returns their outcomes.</summary>
    public Task<IReadOnlyList<RoundOutcome>> RunAsync(CancellationToken ct = default) =>
        _strategy.Asynchronous ? RunAsynchronousAsync(ct) : RunSynchronousAsync(ct);

    /// <summary>
    /// Whether <paramref name="envelope"/> would be accepted in the round now open: null, or the one-line reason it
    /// would not (not asked, another round, stale, malformed). Remote proxies ask before they hand an update over.
    /// </summary>
    public string? Check(UpdateEnvelope envelope)
    {
        lock (_gate)
            return _options.SecureAggregation is null
                ? _intake.Accept(envelope, _round, _strategy.ModelVersion, _expected).Rejection
                : _intake.CheckHeader(envelope, _round, _strategy.ModelVersion, _expected);
    }

    private async Task<IReadOnlyList<RoundOutcome>> RunSynchronousAsync(CancellationToken ct)
    {
        var outcomes = new List<RoundOutcome>();
        for (int round = CompletedRounds + 1; round <= _options.Rounds;)
        {
            var watch = Stopwatch.StartNew();
            var available = await _clients.WaitForClientsAsync(ct);
            var plan = _strategy.ConfigureFit(round, available);
            if (_options.SecureAggregation is { } secure)
            {
                Complete(await RunSecureRoundAsync(round, plan, secure, watch, ct), outcomes);
                round++;
                continue;
            }
            var asked = plan.Instructions.Select(i => i.ClientId).ToList();
            var expected = asked.ToHashSet();
            lock (_gate) (_round, _expected) = (round, expected);
            long sent = 0;
            using var roundOpen = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var fits = new List<Task<FitReply>>(plan.Instructions.Count);
            foreach (var instruction in plan.Instructions)
            {
                ct.ThrowIfCancellationRequested();
                if (!_strategy.Decentralized) sent += _options.ModelBytes;
                fits.Add(_clients[instruction.ClientId].FitAsync(instruction, roundOpen.Token));
            }
            var (accepted, seconds) = await CollectAsync(round, fits, plan.Quorum, expected, ct);
            roundOpen.Cancel();
            lock (_gate) _expected = new HashSet<int>();
            if (accepted.Count == 0 && _options.RepeatEmptyRounds)
            {
                _log?.Invoke($"round {round}: no update arrived within {_options.RoundTimeout.TotalSeconds:G3} s; running it again");
                continue;
            }
            // Lost clients leave the round short of its quorum: the server waits until its deadline.
            if (accepted.Count < plan.Quorum) seconds = Math.Max(seconds, _options.RoundTimeout.TotalSeconds);
            var aggregate = _strategy.AggregateFit(round, accepted);
            var outcome = new RoundOutcome(round, asked, accepted.Select(u => u.ClientId).Order().ToList(), Evaluate(round),
                accepted.Sum(u => u.UplinkBytes), sent, aggregate, seconds, watch.Elapsed.TotalSeconds, _strategy.ModelVersion);
            Complete(outcome, outcomes);
            round++;
        }
        return outcomes;
    }

    /// <summary>
    /// Takes results in arrival order (among those that are in, the earliest <see cref="FitReply.Seconds"/> first)
    /// until the quorum is accepted, every fit has answered, or the deadline passes.
    /// </summary>
    private async Task<(List<ClientUpdate> Accepted, double Seconds)> CollectAsync(int round, List<Task<FitReply>> fits, int quorum,
        IReadOnlySet<int> expected, CancellationToken ct)
    {
        var accepted = new List<ClientUpdate>();
        double seconds = 0;
        var pending = new List<Task<FitReply>>(fits);
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var deadline = Task.Delay(_options.RoundTimeout, _clock, stopTimer.Token);
        while (accepted.Count < quorum && pending.Count > 0)
        {
            if (!pending.Exists(t => t.IsCompleted) && await Task.WhenAny(pending.Append(deadline)) == deadline)
            {
                // Never a silent stall: a lost client costs the round its deadline, and the log says so once.
                _log?.Invoke($"round {round}: the {_options.RoundTimeout.TotalSeconds:G3} s deadline passed with {accepted.Count} of {quorum} " +
                    $"updates ({pending.Count} clients silent); closing the round with what arrived");
                break;
            }
            var arrived = new List<FitReply>();
            foreach (var fit in pending.Where(t => t.IsCompleted).ToList())
            {
                pending.Remove(fit);
                if (await fit is { Envelope: not null } reply) arrived.Add(reply);
            }
            arrived.Sort((a, b) => a.Seconds.CompareTo(b.Seconds));
            foreach (var reply in arrived)
            {
                if (accepted.Count >= quorum) break;
                if (Accept(reply.Envelope!, round, expected, allowStale: false) is not { } update) continue;
                accepted.Add(update);
                seconds = reply.Seconds;
            }
        }
        stopTimer.Cancel();
        ct.ThrowIfCancellationRequested();
        return (accepted, seconds);
    }

    /// <summary>
    /// Event-driven: each client downloads the current model, trains, uploads; the engine applies every update on
    /// arrival (in the order of the proxies' reported times) and the client starts again. A reported round is one
    /// update per client on average.
    /// </summary>
    private async Task<IReadOnlyList<RoundOutcome>> RunAsynchronousAsync(CancellationToken ct)
    {
        var everyone = (await _clients.WaitForClientsAsync(ct)).ToList();
        var expected = everyone.ToHashSet();
        var queue = new PriorityQueue<(int Client, UpdateEnvelope? Envelope), double>();
        long sent = 0, up = 0;
        int round = CompletedRounds + 1, applied = 0;
        var contributors = new List<int>();
        double roundStart = 0;
        var watch = Stopwatch.StartNew();
        async Task IssueAsync(int client, double now)
        {
            var instruction = _strategy.ConfigureFit(round, [client]).Instructions[0];
            sent += _options.ModelBytes;
            var reply = await _clients[client].FitAsync(instruction, ct);
            queue.Enqueue((client, reply.Envelope), now + reply.Seconds);
        }
        foreach (var c in everyone) await IssueAsync(c, 0);
        var outcomes = new List<RoundOutcome>();
        while (round <= _options.Rounds)
        {
            ct.ThrowIfCancellationRequested();
            queue.TryDequeue(out var item, out double now);
            if (item.Envelope is { } envelope && Accept(envelope, round, expected, allowStale: true) is { } update)
            {
                _strategy.AggregateFit(round, [update]);
                up += update.UplinkBytes;
                contributors.Add(update.ClientId);
            }
            if (++applied % everyone.Count == 0)
            {
                var outcome = new RoundOutcome(round, everyone, contributors, Evaluate(round), up, sent, new RoundAggregate(contributors.Count),
                    now - roundStart, watch.Elapsed.TotalSeconds, _strategy.ModelVersion);
                Complete(outcome, outcomes);
                (up, sent, contributors, roundStart) = (0, 0, [], now);
                round++;
                watch.Restart();
            }
            if (round <= _options.Rounds) await IssueAsync(item.Client, now);
        }
        return outcomes;
    }

    private ClientUpdate? Accept(UpdateEnvelope envelope, int round, IReadOnlySet<int> expected, bool allowStale)
    {
        ClientUpdate? update;
        string? reason;
        lock (_gate) (update, reason) = _intake.Accept(envelope, round, _strategy.ModelVersion, expected, allowStale);
        if (update is not null) return update;
        RejectedUpdates++;
        _log?.Invoke($"rejected an update: {reason}");
        return null;
    }

    private double? Evaluate(int round) =>
        _evaluate is null ? null : _strategy.AggregateEvaluate(round, [_evaluate(_strategy.ConfigureEvaluate(round))]);

    private void Complete(RoundOutcome outcome, List<RoundOutcome> outcomes)
    {
        if (_options.CheckpointDirectory is { } dir)
            new FederationCheckpoint(_strategy.Name, _options.Model, outcome.Round, _strategy.ModelVersion, _strategy.SaveState()).Save(dir);
        CompletedRounds = outcome.Round;
        outcomes.Add(outcome);
        RoundCompleted?.Invoke(outcome);
    }
}
