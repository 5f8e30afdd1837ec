using System.Text.Json;
using Verge.Core.Errors;
using Verge.Inference.Runtime;

namespace Verge.Results;

/// <summary>
/// Per-layer profiles kept in the repository, handed out as plain <see cref="ModelProfile"/> values: a planner or a
/// pacer gets the times some system measured without knowing where they were kept.
/// </summary>
public static class StoredProfiles
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Serialize(ModelProfile profile) => JsonSerializer.Serialize(profile, Json);

    public static ModelProfile Deserialize(string json) =>
        JsonSerializer.Deserialize<ModelProfile>(json, Json) ?? throw new JsonException("empty profile");

    /// <summary>
    /// The latest profile of the model with SHA-256 <paramref name="modelSha256"/> measured on <paramref name="system"/>;
    /// an input error naming how to record one when there is none.
    /// </summary>
    public static ModelProfile Latest(ResultsStore store, string system, string modelSha256, string modelName)
    {
        var rows = store.Query(new Dictionary<string, string> { ["system_name"] = system, ["model_sha256"] = modelSha256 });
        var row = rows.LastOrDefault(r => r.Profile is not null)
            ?? throw new InputException($"results store '{store.Path}' has no per-layer profile of {modelName} on system '{system}'; " +
                                        $"run 'verge profile {modelName}' there (VERGE_SYSTEM={system}) and import its export");
        try
        {
            return Deserialize(row.Profile!);
        }
        catch (JsonException)
        {
            throw new InputException($"results store '{store.Path}' record {row.Id} holds a damaged profile; record the profile again");
        }
    }
}
