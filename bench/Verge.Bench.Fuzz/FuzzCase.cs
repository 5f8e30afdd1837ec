namespace Verge.Bench.Fuzz;

/// <summary>
/// One generated input: the bytes (a model, a spec, a wire message), where they go (<see cref="Target"/>: a CLI
/// command, a gRPC method's full name, or a raw port) and how they were made. Same category, seed and index: same case.
/// </summary>
public sealed record FuzzCase(string Category, int Index, string Target, string Mutation, byte[] Payload, string Extension);
