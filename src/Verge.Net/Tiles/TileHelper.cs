namespace Verge.Net.Tiles;

/// <summary>A device-tier node that computes tiles for the device: its name and the URL its stage service listens on.</summary>
public sealed record TileHelper(string Name, string Url);
