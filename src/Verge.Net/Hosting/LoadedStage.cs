using Verge.Net.Client;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Hosting;

/// <summary>A stage a node holds: its session and, unless it is the last stage, the client to the next node.</summary>
internal sealed class LoadedStage(string id, StageSession session, NodeClient? next, string? nextStageId, TensorEncoding nextEncoding) : IDisposable
{
    public string Id { get; } = id;
    public StageSession Session { get; } = session;
    public NodeClient? Next { get; } = next;
    public string? NextStageId { get; } = nextStageId;
    public TensorEncoding NextEncoding { get; } = nextEncoding;

    public void Dispose()
    {
        Session.Dispose();
        Next?.Dispose();
    }
}
