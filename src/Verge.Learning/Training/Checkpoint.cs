using System.Runtime.InteropServices;
using Verge.Core.Errors;
using Verge.Learning.Engine;

namespace Verge.Learning.Training;

/// <summary>
/// Saves and restores a model's state (weights and batch-norm statistics) and an optimizer's state (step count,
/// learning rate, moments) in one binary file, so that a resumed run takes exactly the step the original would.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "VERGE-CKPT-1";

    public static void Save(string path, string modelName, Module model, Optimizer? optimizer = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Magic);
        writer.Write(modelName);
        WriteArrays(writer, model.State().Select(s => (s.Name, s.Tensor.Data)).ToList());
        writer.Write(optimizer?.Kind ?? "");
        writer.Write(optimizer?.StepCount ?? 0);
        writer.Write(optimizer?.LearningRate ?? 0f);
        WriteArrays(writer, optimizer?.State() ?? []);
    }

    /// <summary>Restores into a model of the same architecture (and the same kind of optimizer, when given).</summary>
    public static void Load(string path, Module model, Optimizer? optimizer = null)
    {
        if (!File.Exists(path)) throw new InputException($"checkpoint '{path}' does not exist");
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadString() != Magic) throw new InputException($"'{path}' is not a Verge checkpoint");
        var modelName = reader.ReadString();
        ReadArrays(reader, model.State().Select(s => (s.Name, s.Tensor.Data)).ToList(), path, $"model '{modelName}'");
        var kind = reader.ReadString();
        long steps = reader.ReadInt64();
        float learningRate = reader.ReadSingle();
        if (optimizer is null) return;
        if (kind != optimizer.Kind)
            throw new InputException($"checkpoint '{path}' holds {(kind.Length == 0 ? "no" : kind)} optimizer state, not {optimizer.Kind}");
        ReadArrays(reader, optimizer.State(), path, $"{kind} optimizer");
        optimizer.RestoreStepCount(steps);
        optimizer.LearningRate = learningRate;
    }

    private static void WriteArrays(BinaryWriter writer, IReadOnlyList<(string Name, float[] Values)> arrays)
    {
        writer.Write(arrays.Count);
        foreach (var (name, values) in arrays)
        {
            writer.Write(name);
            writer.Write(values.Length);
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    private static void ReadArrays(BinaryReader reader, IReadOnlyList<(string Name, float[] Values)> into, string path, string what)
    {
        int count = reader.ReadInt32();
        if (count != into.Count) throw new InputException($"checkpoint '{path}' has {count} tensors for the {what}, this one has {into.Count}");
        foreach (var (name, values) in into)
        {
            var savedName = reader.ReadString();
            int length = reader.ReadInt32();
            if (savedName != name || length != values.Length)
                throw new InputException($"checkpoint '{path}' holds '{savedName}' ({length} values) where '{name}' ({values.Length}) was expected");
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }
}
