namespace Verge.Cluster.Hosting;

/// <summary>How often one frame was computed, and how often a session persisted an answer for it (see <see cref="ComputationLedger"/>).</summary>
public sealed record FrameCount(int Computed, int Answered)
{
    /// <summary>An answered frame computed again: what frame ids exist to prevent.</summary>
    public bool Duplicated => Answered > 1;

    /// <summary>Computed again because the first computation died, unanswered, with its silo.</summary>
    public bool Recomputed => Computed > 1 && Answered <= 1;
}
