using System.Runtime.InteropServices;
using Verge.Core.Errors;

namespace Verge.Learning.Federated;

/// <summary>
/// A federated server's state after a completed round: which strategy and model, how many rounds are done, the
/// model version, and the strategy's arrays. Written to a temporary file and renamed over the old one, so a crash
/// mid-write leaves the previous round's checkpoint intact and a restarted server loses no completed round.
/// </summary>
public sealed record FederationCheckpoint(string Strategy, string Model, int CompletedRounds, long ModelVersion,
    IReadOnlyList<(string Name, float[] Values)> State)
{
    private const string Magic = "VERGE-FL-1";
    public const string FileName = "federation.ckpt";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = PathIn(directory);
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(Magic);
            writer.Write(Strategy);
            writer.Write(Model);
            writer.Write(CompletedRounds);
            writer.Write(ModelVersion);
            writer.Write(State.Count);
            foreach (var (name, values) in State)
            {
                writer.Write(name);
                writer.Write(values.Length);
                writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            }
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The checkpoint in <paramref name="directory"/>, or null when there is none yet.</summary>
    public static FederationCheckpoint? TryLoad(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path)) return null;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic) throw new InputException($"'{path}' is not a Verge federation checkpoint");
            var strategy = reader.ReadString();
            var model = reader.ReadString();
            int rounds = reader.ReadInt32();
            long version = reader.ReadInt64();
            int count = reader.ReadInt32();
            var state = new List<(string, float[])>(count);
            for (int i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var values = new float[reader.ReadInt32()];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
                state.Add((name, values));
            }
            return new FederationCheckpoint(strategy, model, rounds, version, state);
        }
        catch (EndOfStreamException)
        {
            throw new InputException($"checkpoint '{path}' is truncated; delete it to start over");
        }
    }
}
