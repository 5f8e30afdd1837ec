using Verge.Learning.Training;

namespace Verge.Learning.Federated;

/// <summary>
/// A federated server's state after a completed round: which strategy and model, how many rounds are done, the
/// model version, and the strategy's arrays, in one <see cref="NamedArrayFile"/> (written atomically, so a crash
/// mid-write leaves the previous round's checkpoint intact and a restarted server loses no completed round).
/// </summary>
public sealed record FederationCheckpoint(string Strategy, string Model, int CompletedRounds, long ModelVersion,
    IReadOnlyList<(string Name, float[] Values)> State)
{
    private const string Magic = "VERGE-FL-1";
    public const string FileName = "federation.ckpt";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public void Save(string directory) =>
        NamedArrayFile.Write(PathIn(directory), Magic, writer =>
        {
            writer.Write(Strategy);
            writer.Write(Model);
            writer.Write(CompletedRounds);
            writer.Write(ModelVersion);
            NamedArrayFile.WriteArrays(writer, State);
        });

    /// <summary>The checkpoint in <paramref name="directory"/>, or null when there is none yet.</summary>
    public static FederationCheckpoint? TryLoad(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path)) return null;
        return NamedArrayFile.Read(path, Magic, "federation checkpoint", reader =>
            new FederationCheckpoint(reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadInt64(), NamedArrayFile.ReadArrays(reader)));
    }
}
