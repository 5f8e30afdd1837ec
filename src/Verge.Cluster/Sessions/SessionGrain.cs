using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Verge.Cluster.Sessions;

/// <summary>
/// A device's session. Placed on the edge server the device talks to; its state lives in Redis, so when that server
/// stops or dies the next call re-activates the session on another silo with every answered frame remembered.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed class SessionGrain(
    [PersistentState("session", SessionGrain.Storage)] IPersistentState<SessionState> state,
    IFrameComputer computer,
    ILocalSiloDetails silo) : Grain, ISessionGrain
{
    public const string Storage = "verge-sessions";

    // A device retries a frame at most a few frames later; remembering 32 answers covers that with room to spare.
    internal const int RememberedFrames = 32;

    public async Task OpenAsync(SessionInfo info)
    {
        state.State.Info = info;
        await state.WriteStateAsync();
    }

    public async Task<FrameReply> ProcessAsync(FrameRequest request)
    {
        var session = state.State;
        var known = session.Answered.Find(a => a.FrameId == request.FrameId);
        if (known is not null)
            return new FrameReply(request.FrameId, known.Output, Repeated: true, silo.Name);
        var output = await computer.ComputeAsync(this.GetPrimaryKeyString(), request, CancellationToken.None);
        session.Answered.Add(new AnsweredFrame(request.FrameId, output));
        if (session.Answered.Count > RememberedFrames)
            session.Answered.RemoveAt(0);
        session.LastFrameId = Math.Max(session.LastFrameId, request.FrameId);
        // Written before the reply leaves: an answer the device saw is never computed again on another silo.
        await state.WriteStateAsync();
        await computer.AnsweredAsync(this.GetPrimaryKeyString(), request.FrameId);
        return new FrameReply(request.FrameId, output, Repeated: false, silo.Name);
    }

    public Task MigrateAsync(SiloAddress target)
    {
        // Orleans' live migration: once idle, the activation dehydrates (its persistent state travels along, so the
        // new silo reads nothing from Redis) and re-hydrates on the hinted silo; calls queued meanwhile follow it.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        MigrateOnIdle();
        return Task.CompletedTask;
    }

    public Task<SessionSnapshot> SnapshotAsync() =>
        Task.FromResult(new SessionSnapshot(state.State.Info, state.State.LastFrameId, state.State.Answered.Count, silo.Name));
}
