using System.Security.Cryptography;
using Verge.Inference.Graph;

namespace Verge.Results;

/// <summary>The model a result belongs to; the SHA-256 of its ONNX file tells two models of the same name apart.</summary>
public sealed record ModelDescriptor(string Name, string? Sha256, long? Macs, long? Parameters)
{
    public static ModelDescriptor From(ModelGraph graph) =>
        new(graph.Source, graph.File is { } file ? Sha256Of(file) : Convert.ToHexStringLower(SHA256.HashData(graph.ToBytes())),
            graph.MacsTotal, graph.ParamsTotal);

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
