namespace Verge.Net.Benchmarks.Streams;

/// <summary>Everything <c>verge bench streams</c> measured, and the acceptance checks on it.</summary>
public sealed record StreamsBenchReport(StreamsBenchOptions Options, IReadOnlyList<ChangeDetectionRow> ChangeDetection,
    IReadOnlyList<AllocationRow> Allocation, StemResult Stems, PrecogResult Precog, IReadOnlyList<StreamsCheck> Acceptance)
{
    /// <summary>The acceptance's case: change detection on the static preset.</summary>
    public ChangeDetectionRow StaticChangeDetection => ChangeDetection.First(r => r.Stream == "static" && r.Technique == ChangeDetectionStudy.Glimpse);

    /// <summary>The acceptance's case: eight streams (else the count closest to it).</summary>
    public AllocationRow EightStreams => Allocation.MinBy(r => Math.Abs(r.Streams - 8))!;
}
