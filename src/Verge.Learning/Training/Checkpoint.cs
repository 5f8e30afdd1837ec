using Verge.Core.Errors;
using Verge.Learning.Engine;

namespace Verge.Learning.Training;

/// <summary>
/// Saves and restores a model's state (weights and batch-norm statistics) and an optimizer's state (step count,
/// learning rate, moments) in one <see cref="NamedArrayFile"/>, so that a resumed run takes exactly the step the
/// original would.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "VERGE-CKPT-1";

    public static void Save(string path, string modelName, Module model, Optimizer? optimizer = null) =>
        NamedArrayFile.Write(path, Magic, writer =>
        {
            writer.Write(modelName);
            NamedArrayFile.WriteArrays(writer, model.State().Select(s => (s.Name, s.Tensor.Data)).ToList());
            writer.Write(optimizer?.Kind ?? "");
            writer.Write(optimizer?.StepCount ?? 0);
            writer.Write(optimizer?.LearningRate ?? 0f);
            NamedArrayFile.WriteArrays(writer, optimizer?.State() ?? []);
        });

    /// <summary>The name of the model whose state the checkpoint holds (e.g. "mlp"), without reading the arrays.</summary>
    public static string ModelName(string path) => NamedArrayFile.Read(path, Magic, "checkpoint", reader => reader.ReadString());

    /// <summary>Restores into a model of the same architecture (and the same kind of optimizer, when given).</summary>
    public static void Load(string path, Module model, Optimizer? optimizer = null) =>
        NamedArrayFile.Read(path, Magic, "checkpoint", reader =>
        {
            var modelName = reader.ReadString();
            NamedArrayFile.ReadArraysInto(reader, model.State().Select(s => (s.Name, s.Tensor.Data)).ToList(), path, $"model '{modelName}'");
            var kind = reader.ReadString();
            long steps = reader.ReadInt64();
            float learningRate = reader.ReadSingle();
            if (optimizer is null) return 0;
            if (kind != optimizer.Kind)
                throw new InputException($"checkpoint '{path}' holds {(kind.Length == 0 ? "no" : kind)} optimizer state, not {optimizer.Kind}");
            NamedArrayFile.ReadArraysInto(reader, optimizer.State(), path, $"{kind} optimizer");
            optimizer.RestoreStepCount(steps);
            optimizer.LearningRate = learningRate;
            return 0;
        });
}
