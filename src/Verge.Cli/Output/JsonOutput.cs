using System.Text.Json;
using System.Text.Json.Serialization;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>Machine-readable output: snake_case JSON to a file, or to stdout when the path is "-".</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static bool ToStdout(string? path) => path == "-";

    /// <summary>
    /// Writes <paramref name="value"/> with one more field when <paramref name="extra"/> is set, and exactly as
    /// <see cref="Write{T}"/> otherwise (an opt-in flag's value must not change the output of runs without it).
    /// </summary>
    public static void Write<T>(T value, string? path, string field, object? extra)
    {
        if (extra is null) { Write(value, path); return; }
        var node = JsonSerializer.SerializeToNode(value, Options)!.AsObject();
        node[field] = JsonSerializer.SerializeToNode(extra, Options);
        Write(node, path);
    }

    public static void Write<T>(T value, string? path)
    {
        Recording.RunCapture.NoteDocument(value);
        if (path is null) return;
        var text = JsonSerializer.Serialize(value, Options);
        if (ToStdout(path))
        {
            Console.Out.WriteLine(text);
            return;
        }
        AtomicFile.WriteAllText(path, text + Environment.NewLine, "JSON to");
    }
}
