namespace Verge.Net.Benchmarks.Tiles;

/// <summary>The settings as plain values for JSON and the results page.</summary>
public sealed record TilesBenchOptionsView(double Speed, double LinkMbps, double RttMs, int Frames, IReadOnlyDictionary<string, string> BlockEnds);
