using System.Text.Json;
using System.Text.Json.Serialization;
using Verge.Core.Errors;

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

    public static void Write<T>(T value, string? path)
    {
        if (path is null) return;
        var text = JsonSerializer.Serialize(value, Options);
        if (ToStdout(path))
        {
            Console.Out.WriteLine(text);
            return;
        }
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(path, text + Environment.NewLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write JSON to '{path}': {e.Message}; choose a writable path");
        }
    }
}
