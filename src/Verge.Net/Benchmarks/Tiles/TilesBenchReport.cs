namespace Verge.Net.Benchmarks.Tiles;

/// <summary>Every case, the work-stealing check with one slow helper, and the acceptance lines of issue 15.</summary>
public sealed record TilesBenchReport(TilesBenchOptionsView Settings, IReadOnlyList<TilesCase> Cases, TilesCase? Heterogeneous, IReadOnlyList<string> Acceptance);

/// <summary>The settings as plain values for JSON and the results page.</summary>
public sealed record TilesBenchOptionsView(double Speed, double LinkMbps, double RttMs, int Frames, IReadOnlyDictionary<string, string> BlockEnds);
