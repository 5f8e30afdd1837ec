using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verge.Cli.Commands;

/// <summary>Writes a command's JSON (snake_case keys) to a file, or to stdout for '-'.</summary>
internal static class PlanningJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string target, object value)
    {
        var text = JsonSerializer.Serialize(value, Options);
        if (target == "-") Console.Out.WriteLine(text);
        else File.WriteAllText(target, text + Environment.NewLine);
    }
}
