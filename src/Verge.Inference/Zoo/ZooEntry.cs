namespace Verge.Inference.Zoo;

/// <summary>A named model of the zoo; <see cref="Materialize"/> returns its file path, creating the file if needed.</summary>
public sealed record ZooEntry(string Name, string Description, Func<string> Materialize);
