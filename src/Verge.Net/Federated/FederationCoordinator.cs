using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Rounds;

namespace Verge.Net.Federated;

/// <summary>
/// The gRPC server's client pool for the <see cref="RoundEngine"/>: devices are present while they poll, each
/// behind a <see cref="RemoteClientProxy"/>; a fit waits here until its device polls for it, and an update is
/// checked against the open round as it is submitted (a refused one is logged with its reason, and the device may
/// send again). The engine runs the rounds, checkpoints after each, and runs a round that got no update again.
/// </summary>
public sealed partial class FederationCoordinator : IClientPool
{
    /// <summary>What a polling client is told.</summary>
    public abstract record Assignment;
    public sealed record WaitForRound : Assignment;
    public sealed record Finished : Assignment;
    public sealed record FitAssignment(FitInstruction Instruction) : Assignment;

    private sealed record OpenFit(FitInstruction Instruction, TaskCompletionSource<FitReply> Reply);

    private readonly object _gate = new();
    private readonly FederationServerOptions _options;
    private readonly Action<string> _log;
    private readonly HashSet<(int Client, int Round)> _loggedRejections = [];
    private readonly TimeProvider _clock;
    private readonly Dictionary<int, DateTimeOffset> _lastSeen = [];
    private readonly Dictionary<int, OpenFit> _fits = [];
    private readonly HashSet<int> _delivered = [];
    private readonly HashSet<int> _told = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _round, _rejected;
    private long _roundStarted;
    private bool _done;

    public FederationCoordinator(FederationServerOptions options, IFederatedStrategy strategy, int modelLength, int completedRounds,
        Func<float[], EvaluateResult>? evaluate, Action<string> log, TimeProvider? clock = null)
    {
        (_options, _log, _clock) = (options, log, clock ?? TimeProvider.System);
        Sessions = new ClientSessions(options.MaxClients);
        Engine = new RoundEngine(strategy, this, new RoundEngineOptions(options.Rounds)
        {
            RoundTimeout = options.RoundTimeout, RepeatEmptyRounds = true, ModelBytes = Fp32Codec.EncodedSize(modelLength),
            SecureAggregation = options.SecureAggregation, Seed = options.Seed,
            CheckpointDirectory = options.CheckpointDirectory, Model = options.Model, Limits = options.Settings.Limits,
        }, modelLength, evaluate, log, _clock, completedRounds);
        Engine.RoundCompleted += Report;
    }

    public FederationServerOptions Options => _options;
    /// <summary>The clients that joined, each with its session.</summary>
    internal ClientSessions Sessions { get; }
    public RoundEngine Engine { get; }
    public IFederatedStrategy Strategy => Engine.Strategy;
    public int CompletedRounds => Engine.CompletedRounds;
    public int RejectedUpdates => Volatile.Read(ref _rejected) + Engine.RejectedUpdates;
    public event Action<RoundSummary>? RoundCompleted;

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await Engine.RunAsync(ct);
            _log($"federation done: {CompletedRounds} rounds");
        }
        finally
        {
            // Stopped or done, the clients still polling are told DONE rather than left waiting.
            lock (_gate) _done = true;
            Pulse();
        }
    }

    public IClientProxy this[int clientId] => new RemoteClientProxy(this, clientId);

    /// <summary>Opens a fit for its device to collect; it closes when an update is accepted or the round closes.</summary>
    internal Task<FitReply> Open(FitInstruction instruction, CancellationToken roundOpen)
    {
        var fit = new OpenFit(instruction, new TaskCompletionSource<FitReply>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            // Replies are timed from the round's first fit, so updates that are in together keep the order they came in.
            if (_fits.Count == 0) _roundStarted = _clock.GetTimestamp();
            if (instruction.Round != _round) _delivered.Clear();
            _round = instruction.Round;
            _fits[instruction.ClientId] = fit;
        }
        roundOpen.Register(() =>
        {
            lock (_gate)
                if (_fits.TryGetValue(instruction.ClientId, out var open) && open == fit) _fits.Remove(instruction.ClientId);
            fit.Reply.TrySetCanceled(roundOpen);
        });
        Pulse();
        return fit.Reply.Task;
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
                if (_stages.TryGetValue(clientId, out var stage)) return new StageAssignment(stage.Round, stage.Request);
                if (_fits.TryGetValue(clientId, out var fit)) return new FitAssignment(fit.Instruction);
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
            else if ((reason = Engine.Check(envelope)) is null && _fits.Remove(envelope.ClientId, out var fit))
            {
                _delivered.Add(envelope.ClientId);
                fit.Reply.TrySetResult(new FitReply(envelope, _clock.GetElapsedTime(_roundStarted).TotalSeconds));
            }
        }
        if (reason is null) Pulse();
        else
        {
            Interlocked.Increment(ref _rejected);
            // A client retrying a refused update must not flood the log: one line per client and round.
            bool first;
            lock (_gate) first = _loggedRejections.Add((envelope.ClientId, envelope.Round));
            if (first) _log($"rejected an update: {reason}");
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

    /// <summary>
    /// The clients present for the next round, once <see cref="FederationServerOptions.MinClients"/> are. Never a
    /// silent stall (issue 17): a round short of its quorum because clients it had went silent says so in one line,
    /// waits at most <see cref="FederationServerOptions.QuorumWait"/> for them, and then stops the run with the reason.
    /// </summary>
    public async Task<IReadOnlyList<int>> WaitForClientsAsync(CancellationToken ct)
    {
        DateTimeOffset? lostSince = null;
        while (true)
        {
            Task changed;
            List<int> live, gone;
            lock (_gate)
            {
                var now = _clock.GetUtcNow();
                live = _lastSeen.Where(kv => now - kv.Value <= _options.LiveWindow).Select(kv => kv.Key).Order().ToList();
                if (live.Count >= _options.MinClients) return live;
                gone = _lastSeen.Keys.Except(live).Order().ToList();
                changed = _changed.Task;
            }
            // Waiting for clients that have not come yet is the normal start; clients that came and went are not.
            int round = CompletedRounds + 1;
            if (gone.Count > 0 && lostSince is null)
            {
                lostSince = _clock.GetUtcNow();
                _log($"round {round} lacks its quorum: {live.Count} of {_options.MinClients} clients present, client{(gone.Count > 1 ? "s" : "")} " +
                     $"{string.Join(',', gone)} silent for over {_options.LiveWindow.TotalSeconds:G3} s; waiting up to {_options.QuorumWait.TotalSeconds:G3} s for them");
            }
            if (lostSince is { } since && _clock.GetUtcNow() - since >= _options.QuorumWait)
            {
                var reason = $"round {round} cannot start: {live.Count} of the {_options.MinClients} clients --min-clients asks for were present for " +
                             $"{_options.QuorumWait.TotalSeconds:G3} s (gone: {string.Join(',', gone)}); restart those clients" +
                             (_options.CheckpointDirectory is null ? "" : " and this server (its checkpoint keeps the rounds done)") + " or lower --min-clients";
                _log($"federation stopped: {reason}");
                throw new Core.Errors.InputException(reason);
            }
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(500), _clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    private void Report(RoundOutcome o)
    {
        var summary = new RoundSummary(o.Round, o.Asked.Count, o.Contributors, o.Missing, o.TestAccuracy, o.UpdateBytes, o.ModelVersion);
        _log($"round {o.Round}/{_options.Rounds} complete: {o.Contributors.Count} of {o.Asked.Count} updates" +
             (summary.Missing.Count > 0 ? $" (dropped clients {string.Join(',', summary.Missing)})" : "") +
             (o.TestAccuracy is { } a ? $", test accuracy {a:P2}" : "") + $", uplink {o.UpdateBytes} B" + (o.Aggregate.Epsilon is { } e ? $", ε {e:F3} (δ {o.Aggregate.Delta:G2})" : "") + (o.Aggregate.Note is { } n ? $"; {n}" : ""));
        RoundCompleted?.Invoke(summary);
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
