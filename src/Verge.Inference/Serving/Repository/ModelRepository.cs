using System.Globalization;
using Verge.Core.Errors;
using Verge.Inference.Serving.Api;

namespace Verge.Inference.Serving.Repository;

/// <summary>
/// A model repository in Triton's layout: <c>ROOT/NAME/config.yaml</c> and <c>ROOT/NAME/VERSION/model.onnx</c>.
/// Loads every version of a model (requests without a version get the latest), tracks each version's
/// <see cref="ModelState"/>, and owns the loaded <see cref="ServedModel"/>s. Unloading is two steps, so the
/// caller can drain queued requests in between. Thread-safe.
/// </summary>
public sealed class ModelRepository(string root) : IDisposable
{
    public const string ConfigFile = "config.yaml";
    public const string ModelFile = "model.onnx";

    private readonly Dictionary<string, SortedDictionary<long, ServedModel>> ready = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, long), ModelStatus> status = [];
    private readonly Lock gate = new();

    public string Root { get; } = Directory.Exists(root) ? root
        : throw new InputException($"model repository '{root}' not found; give a folder holding NAME/config.yaml and NAME/1/model.onnx");

    /// <summary>Models in the repository folder: sub-folders holding a config.yaml.</summary>
    public IReadOnlyList<string> ModelNames() =>
        Directory.EnumerateDirectories(Root).Where(d => File.Exists(Path.Combine(d, ConfigFile)))
            .Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();

    /// <summary>Loads every model found; one that fails is left unavailable with its message, the others still load.</summary>
    public IReadOnlyList<ModelStatus> LoadAll()
    {
        foreach (var name in ModelNames())
        {
            try { Load(name); }
            catch (VergeException) { }
        }
        return Statuses();
    }

    /// <summary>Loads every version of model <paramref name="name"/>; it must not be loaded already.</summary>
    public IReadOnlyList<ServedModel> Load(string name)
    {
        var dir = Path.Combine(Root, name);
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or ".." || !Directory.Exists(dir))
            throw new ServingException(ServingError.ModelNotFound, $"model '{name}' is not in repository '{Root}'; add {name}/{ConfigFile} and {name}/1/{ModelFile} there");
        lock (gate)
        {
            if (ready.ContainsKey(name) || status.Any(kv => kv.Key.Item1 == name && kv.Value.State is ModelState.Loading or ModelState.Unloading))
                throw new UsageException($"model '{name}' is loaded or busy; unload it first");
            SetStatus(name, 0, ModelState.Loading);
        }
        var loaded = new List<ServedModel>();
        try
        {
            var config = ModelConfigReader.ReadFile(Path.Combine(dir, ConfigFile), name);
            var versions = Directory.EnumerateDirectories(dir)
                .Select(d => (Dir: d, Ok: long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v), Version: v))
                .Where(x => x.Ok && x.Version > 0 && File.Exists(Path.Combine(x.Dir, ModelFile))).OrderBy(x => x.Version).ToList();
            if (versions.Count == 0)
                throw new InputException($"{dir}: no version folder with {ModelFile}; put the model at {Path.Combine(dir, "1", ModelFile)}");
            foreach (var (vdir, _, version) in versions)
            {
                lock (gate) SetStatus(name, version, ModelState.Loading);
                loaded.Add(ServedModel.Load(Path.Combine(vdir, ModelFile), version, config));
            }
        }
        catch (VergeException e)
        {
            foreach (var m in loaded) m.Dispose();
            lock (gate)
            {
                foreach (var key in status.Keys.Where(k => k.Item1 == name).ToList()) status.Remove(key);
                SetStatus(name, 0, ModelState.Unavailable, e.Message);
            }
            throw;
        }
        lock (gate)
        {
            status.Remove((name, 0));
            ready[name] = new SortedDictionary<long, ServedModel>(loaded.ToDictionary(m => m.Version));
            foreach (var m in loaded) SetStatus(name, m.Version, ModelState.Ready, m.BatchingNote);
        }
        return loaded;
    }

    /// <summary>Marks every version of <paramref name="name"/> unloading: no new requests find it. Returns the versions to drain.</summary>
    public IReadOnlyList<ServedModel> BeginUnload(string name)
    {
        lock (gate)
        {
            if (!ready.Remove(name, out var versions))
                throw new ServingException(ServingError.ModelNotFound, $"model '{name}' is not loaded; see the repository index for loaded models");
            foreach (var v in versions.Keys) SetStatus(name, v, ModelState.Unloading);
            return versions.Values.ToList();
        }
    }

    /// <summary>Releases drained versions; they stay listed as unavailable.</summary>
    public void FinishUnload(IReadOnlyList<ServedModel> versions)
    {
        foreach (var m in versions)
        {
            m.Dispose();
            lock (gate) SetStatus(m.Name, m.Version, ModelState.Unavailable, "unloaded");
        }
    }

    /// <summary>The ready version asked for, or the latest; a <see cref="ServingException"/> says why there is none.</summary>
    public ServedModel Resolve(string name, long? version = null)
    {
        lock (gate)
        {
            if (ready.TryGetValue(name, out var versions))
            {
                if (version is null) return versions.Values.Last();
                if (versions.TryGetValue(version.Value, out var m)) return m;
                throw new ServingException(ServingError.ModelNotFound,
                    $"model '{name}' has no version {version}; loaded versions: {string.Join(", ", versions.Keys)}");
            }
            var known = status.Where(kv => kv.Key.Item1 == name).Select(kv => kv.Value).ToList();
            if (known.Count > 0)
                throw new ServingException(ServingError.ModelNotReady,
                    $"model '{name}' is {known[0].State.ToString().ToLowerInvariant()}{(known[0].Message.Length > 0 ? $" ({known[0].Message})" : "")}; load it or wait");
            throw new ServingException(ServingError.ModelNotFound, $"model '{name}' is not in the repository; models: {string.Join(", ", ModelNames())}");
        }
    }

    /// <summary>Every version the repository knows, loaded or not, by name then version.</summary>
    public IReadOnlyList<ModelStatus> Statuses()
    {
        lock (gate)
            return status.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Version).ToList();
    }

    public IReadOnlyList<ServedModel> Loaded()
    {
        lock (gate) return ready.Values.SelectMany(v => v.Values).ToList();
    }

    private void SetStatus(string name, long version, ModelState state, string message = "") =>
        status[(name, version)] = new ModelStatus(name, version, state, message);

    public void Dispose()
    {
        List<ServedModel> all;
        lock (gate)
        {
            all = ready.Values.SelectMany(v => v.Values).ToList();
            ready.Clear();
        }
        foreach (var m in all) m.Dispose();
    }
}
