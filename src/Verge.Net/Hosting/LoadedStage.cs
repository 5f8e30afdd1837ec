using Verge.Net.Client;
using Verge.Net.Exits;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Hosting;

/// <summary>
/// A stage a node holds: its session, unless it is the last stage the client to the next node, its early exit if
/// any, and its owner. Calls hold it between <see cref="TryAcquire"/> and <see cref="Release"/>; once retired
/// (replaced or unloaded) it disposes itself when the last call releases it.
/// </summary>
internal sealed class LoadedStage(string id, string owner, StageSession session, NodeClient? next, string? nextStageId, TensorEncoding nextEncoding,
    StageExit? exit = null, IReadOnlyCollection<string>? callers = null)
{
    private readonly Lock _gate = new();
    private int _users;
    private bool _retired, _disposed;

    public string Id { get; } = id;
    /// <summary>The token identity of the caller that loaded it (<c>anonymous</c> on a node without tokens).</summary>
    public string Owner { get; } = owner;
    public StageSession Session { get; } = session;
    public NodeClient? Next { get; } = next;
    public string? NextStageId { get; } = nextStageId;
    public TensorEncoding NextEncoding { get; } = nextEncoding;
    /// <summary>The early exit this stage answers at when confident; null for an ordinary stage.</summary>
    public StageExit? Exit { get; } = exit;
    /// <summary>Identities besides the owner that may run it.</summary>
    public IReadOnlyCollection<string> Callers { get; } = callers ?? [];

    /// <summary>
    /// Whether <paramref name="identity"/> may call Infer: the owner (which is also who the stage before it forwards
    /// as, since a forward carries the loader's token) or a caller the owner named.
    /// </summary>
    public bool MayRun(string identity) => identity == Owner || Callers.Contains(identity);

    /// <summary>True when it was disposed (tests check that a replaced stage is freed).</summary>
    public bool Disposed
    {
        get { lock (_gate) return _disposed; }
    }

    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_retired) return false;
            _users++;
            return true;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _users--;
            if (!_retired || _users > 0 || _disposed) return;
            _disposed = true;
        }
        Free();
    }

    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            if (_users > 0 || _disposed) return;
            _disposed = true;
        }
        Free();
    }

    private void Free()
    {
        Session.Dispose();
        Next?.Dispose();
    }
}
