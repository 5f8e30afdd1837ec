namespace Verge.Net.Benchmarks.Tiles;

/// <summary>Every case, the work-stealing check with one slow helper, and the acceptance lines of issue 15.</summary>
public sealed record TilesBenchReport(TilesBenchOptionsView Settings, IReadOnlyList<TilesCase> Cases, TilesCase? Heterogeneous, IReadOnlyList<string> Acceptance);
