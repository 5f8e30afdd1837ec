namespace Verge.Net.Serving.Load;

/// <summary>One point of a <see cref="LoadSweep"/>: the concurrency or rate it ran at, and what it measured.</summary>
public sealed record LoadPoint(double Value, LoadReport Report);
