using System.Collections.Concurrent;

namespace Verge.Net.Hosting;

/// <summary>
/// The stages a node holds, by id. A reloaded stage replaces the old one for new calls; the old one may still be
/// running a call, so it is disposed only with the registry.
/// </summary>
internal sealed class StageRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, LoadedStage> _stages = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<LoadedStage> _retired = [];

    public void Put(LoadedStage stage)
    {
        LoadedStage? old = null;
        _stages.AddOrUpdate(stage.Id, stage, (_, existing) => { old = existing; return stage; });
        if (old is not null) _retired.Add(old);
    }

    public LoadedStage? Find(string id) => _stages.TryGetValue(id, out var s) ? s : null;

    public void Dispose()
    {
        foreach (var s in _stages.Values) s.Dispose();
        foreach (var s in _retired) s.Dispose();
        _stages.Clear();
    }
}
