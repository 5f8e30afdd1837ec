using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Verge.Results;

/// <summary>Maps a <see cref="ResultRecord"/> to the table's columns and back.</summary>
internal static class RecordRows
{
    public static readonly HashSet<string> Filterable = new(StringComparer.Ordinal)
    {
        "system_name", "commit_id", "command", "model_name", "model_sha256", "scenario", "provider",
    };

    public static IEnumerable<(string Name, object? Value)> Values(ResultRecord r)
    {
        yield return ("uid", r.Uid);
        yield return ("time", r.Time.ToString("O", CultureInfo.InvariantCulture));
        yield return ("command", r.Command);
        yield return ("command_line", r.CommandLine);
        yield return ("commit_id", r.Commit);
        yield return ("system_name", r.System.Name);
        yield return ("cpu", r.System.Cpu);
        yield return ("cores", r.System.Cores);
        yield return ("memory_bytes", r.System.MemoryBytes);
        yield return ("os", r.System.Os);
        yield return ("dotnet", r.System.Dotnet);
        yield return ("onnxruntime", r.System.OnnxRuntime);
        yield return ("provider", r.System.Provider);
        yield return ("model_name", r.Model?.Name);
        yield return ("model_sha256", r.Model?.Sha256);
        yield return ("model_macs", r.Model?.Macs);
        yield return ("model_params", r.Model?.Parameters);
        yield return ("scenario", r.Scenario);
        yield return ("settings", r.Settings);
        yield return ("metrics", r.Metrics);
        yield return ("profile", r.Profile);
    }

    /// <summary>Reads a row selected as "id, " + <see cref="StoreSchema.Columns"/>.</summary>
    public static ResultRecord Read(SqliteDataReader x)
    {
        string? Text(int i) => x.IsDBNull(i) ? null : x.GetString(i);
        long? Long(int i) => x.IsDBNull(i) ? null : x.GetInt64(i);
        var system = new SystemDescriptor(x.GetString(6), x.GetString(7), x.GetInt32(8), x.GetInt64(9), x.GetString(10), x.GetString(11), x.GetString(12), x.GetString(13));
        var model = Text(14) is { } name ? new ModelDescriptor(name, Text(15), Long(16), Long(17)) : null;
        return new ResultRecord(x.GetString(1), DateTimeOffset.Parse(x.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            x.GetString(3), x.GetString(4), x.GetString(5), system, model, Text(18), x.GetString(19), x.GetString(20), Text(21))
        {
            Id = x.GetInt64(0),
        };
    }
}
