using Verge.Net.Client;
using Verge.Net.Exits;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Hosting;

/// <summary>A stage a node holds: its session, unless it is the last stage the client to the next node, and its early exit if any.</summary>
internal sealed class LoadedStage(string id, StageSession session, NodeClient? next, string? nextStageId, TensorEncoding nextEncoding, StageExit? exit = null) : IDisposable
{
    public string Id { get; } = id;
    public StageSession Session { get; } = session;
    public NodeClient? Next { get; } = next;
    public string? NextStageId { get; } = nextStageId;
    public TensorEncoding NextEncoding { get; } = nextEncoding;
    /// <summary>The early exit this stage answers at when confident; null for an ordinary stage.</summary>
    public StageExit? Exit { get; } = exit;

    public void Dispose()
    {
        Session.Dispose();
        Next?.Dispose();
    }
}
