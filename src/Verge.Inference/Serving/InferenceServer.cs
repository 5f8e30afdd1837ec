using Verge.Core.Errors;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Dispatch;
using Verge.Inference.Serving.Repository;
using Verge.Inference.Serving.Scheduling.Freshness;

namespace Verge.Inference.Serving;

/// <summary>
/// The edge server's data plane, without sockets (the shape of Seldon MLServer's <c>DataPlane</c>): model lookup in
/// a <see cref="ModelRepository"/>, requests checked and handed to one <see cref="Dispatcher"/>, counters per model
/// version and age of information per stream. The gRPC and REST front ends are thin adapters over this class.
/// </summary>
public sealed class InferenceServer : IAsyncDisposable
{
    private readonly Dispatcher dispatcher;
    private readonly Lock gate = new();
    private bool stopped;

    public InferenceServer(ModelRepository repository, InferenceServerOptions? options = null)
    {
        Options = options ?? InferenceServerOptions.Default;
        Repository = repository;
        Freshness = new StreamFreshness(Options.Time);
        dispatcher = new Dispatcher(Options.Time, Options.Policy, Freshness, Options.ComputeSlots);
        foreach (var m in repository.Loaded()) dispatcher.Add(m);
    }

    /// <summary>Opens the repository at <paramref name="root"/> and loads every model in it (failures stay listed as unavailable).</summary>
    public static async Task<InferenceServer> StartAsync(string root, InferenceServerOptions? options = null, CancellationToken ct = default)
    {
        var repository = new ModelRepository(root);
        await Task.Run(repository.LoadAll, ct).ConfigureAwait(false);
        return new InferenceServer(repository, options);
    }

    public InferenceServerOptions Options { get; }
    public ModelRepository Repository { get; }
    public StreamFreshness Freshness { get; }

    public bool IsLive => !stopped;

    /// <summary>Ready when running and no model failed to load.</summary>
    public bool IsReady => !stopped && Repository.Statuses().All(s => s.State != ModelState.Unavailable || s.Message == "unloaded");

    public IReadOnlyList<ModelStatus> Models() => Repository.Statuses();

    /// <summary>Whether this model (and version, else its latest) is ready for requests.</summary>
    public bool IsModelReady(string name, long? version = null)
    {
        try { return Repository.Resolve(name, version) is not null; }
        catch (ServingException) { return false; }
    }

    /// <summary>The loaded version asked for (else the latest): its inputs, outputs and config, for model metadata.</summary>
    public ServedModel Model(string name, long? version = null) => Repository.Resolve(name, version);

    /// <summary>
    /// Runs one request through the scheduler. Ends with the outputs, or a <see cref="ServingException"/> whose
    /// <see cref="ServingException.Error"/> tells the front end which status to answer; cancelled while queued by <paramref name="ct"/>.
    /// </summary>
    public Task<InferenceResult> InferAsync(string model, long? version, IReadOnlyList<NamedTensor> inputs, InferenceOptions? options = null, CancellationToken ct = default)
    {
        if (stopped) throw new ServingException(ServingError.ModelNotReady, "the server is stopping; retry on another server");
        var served = Repository.Resolve(model, version);
        int rows = BatchAssembler.Validate(served, inputs);
        return dispatcher.Submit(served, inputs, rows, options ?? InferenceOptions.None, ct);
    }

    /// <summary>Loads (or reloads) a model at run time: the admin call. Its old versions drain before they unload.</summary>
    public async Task<IReadOnlyList<ModelStatus>> LoadAsync(string name, CancellationToken ct = default)
    {
        if (Repository.Loaded().Any(m => m.Name == name)) await UnloadAsync(name, ct).ConfigureAwait(false);
        var loaded = await Task.Run(() => Repository.Load(name), ct).ConfigureAwait(false);
        lock (gate)
            foreach (var m in loaded) dispatcher.Add(m);
        return Repository.Statuses().Where(s => s.Name == name).ToList();
    }

    /// <summary>Unloads a model at run time: new requests are refused at once, queued ones still run, then its sessions close.</summary>
    public async Task UnloadAsync(string name, CancellationToken ct = default)
    {
        var versions = Repository.BeginUnload(name);
        await Task.WhenAll(versions.Select(dispatcher.DrainAsync)).WaitAsync(ct).ConfigureAwait(false);
        Repository.FinishUnload(versions);
    }

    /// <summary>Counters of a loaded model version (else its latest).</summary>
    public ModelCounters Statistics(string name, long? version = null) =>
        dispatcher.Counters(Repository.Resolve(name, version))
        ?? throw new ServingException(ServingError.ModelNotReady, $"model '{name}' is unloading; its counters are gone");

    /// <summary>Counters of every loaded model version.</summary>
    public IReadOnlyList<ModelCounters> AllStatistics() =>
        Repository.Loaded().Select(dispatcher.Counters).OfType<ModelCounters>().ToList();

    public IReadOnlyList<StreamAge> Streams() => Freshness.Snapshot();

    public async ValueTask DisposeAsync()
    {
        if (stopped) return;
        stopped = true;
        await dispatcher.DisposeAsync().ConfigureAwait(false);
        Repository.Dispose();
    }
}
