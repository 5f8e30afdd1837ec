namespace Verge.Net.Benchmarks.Streams;

/// <summary>Everything <c>verge bench streams</c> measured, and the acceptance checks on it.</summary>
public sealed record StreamsBenchReport(StreamsBenchOptions Options, IReadOnlyList<ChangeDetectionRow> ChangeDetection,
    IReadOnlyList<AllocationRow> Allocation, StemResult Stems, PrecogResult Precog, IReadOnlyList<StreamsCheck> Acceptance)
{
    /// <summary>The acceptance's case: change detection on the static preset.</summary>
    public ChangeDetectionRow StaticChangeDetection => ChangeDetection.First(r => r.Stream == "static" && r.Technique == ChangeDetectionStudy.Glimpse);

    /// <summary>The acceptance's case: eight streams (else the count closest to it) under the issue's knob set (else the
    /// first set run) on the stationary mix (else the first mix run).</summary>
    public AllocationRow EightStreams => AcceptanceRow(Allocation, AllocationStudy.Stationary);

    /// <summary>The same case on the changing mix, when it was run.</summary>
    public AllocationRow? EightChangingStreams => Allocation.Any(r => r.Mix == AllocationStudy.Changing) ? AcceptanceRow(Allocation, AllocationStudy.Changing) : null;

    public static AllocationRow AcceptanceRow(IReadOnlyList<AllocationRow> rows, string mix)
    {
        var set = rows.Any(r => r.KnobSet == AllocationStudy.IssueKnobs) ? AllocationStudy.IssueKnobs : rows[0].KnobSet;
        var of = rows.Where(r => r.KnobSet == set && r.Mix == (rows.Any(q => q.Mix == mix) ? mix : rows[0].Mix)).ToList();
        return of.MinBy(r => Math.Abs(r.Streams - 8))!;
    }
}
