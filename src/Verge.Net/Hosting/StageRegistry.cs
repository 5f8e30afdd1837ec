using System.Security.Cryptography;

namespace Verge.Net.Hosting;

/// <summary>
/// The stages a node holds, by id, each owned by the caller that loaded it (its token identity). Only the owner
/// may replace or unload a stage. A replaced or unloaded stage leaves the table at once and is disposed as soon
/// as the calls running on it finish, so reloading the same stage does not grow the node's memory.
/// </summary>
internal sealed class StageRegistry : IDisposable
{
    private readonly Dictionary<string, LoadedStage> _stages = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>An id nobody can guess (128 random bits), for a load that names none.</summary>
    public static string NewId() => "stage-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Stores <paramref name="stage"/>, replacing its owner's stage of the same id; nothing changes when the id is
    /// another owner's, or when it is new and the node already holds <paramref name="maxStages"/> stages.
    /// </summary>
    public PutResult TryPut(LoadedStage stage, int maxStages = int.MaxValue)
    {
        LoadedStage? old;
        lock (_gate)
        {
            bool exists = _stages.TryGetValue(stage.Id, out old);
            if (exists && old!.Owner != stage.Owner) return PutResult.Foreign;
            if (!exists && _stages.Count >= maxStages) return PutResult.Full;
            _stages[stage.Id] = stage;
        }
        old?.Retire();
        return PutResult.Stored;
    }

    public int Count
    {
        get { lock (_gate) return _stages.Count; }
    }

    public enum PutResult
    {
        Stored,
        Foreign,
        Full,
    }

    /// <summary>The stage with its use counted (release it with <see cref="LoadedStage.Release"/>), or null.</summary>
    public LoadedStage? Acquire(string id)
    {
        lock (_gate)
            return _stages.TryGetValue(id, out var s) && s.TryAcquire() ? s : null;
    }

    /// <summary>Removes the stage if <paramref name="owner"/> owns it; null when there is none, false when it is another's.</summary>
    public bool? TryRemove(string id, string owner)
    {
        LoadedStage? stage;
        lock (_gate)
        {
            if (!_stages.TryGetValue(id, out stage)) return null;
            if (stage.Owner != owner) return false;
            _stages.Remove(id);
        }
        stage.Retire();
        return true;
    }

    public void Dispose()
    {
        List<LoadedStage> all;
        lock (_gate)
        {
            all = [.. _stages.Values];
            _stages.Clear();
        }
        foreach (var s in all) s.Retire();
    }
}
