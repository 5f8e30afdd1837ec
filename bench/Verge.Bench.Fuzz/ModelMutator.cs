using System.Text;
using Google.Protobuf;
using Onnx;

namespace Verge.Bench.Fuzz;

/// <summary>Model mutants × the commands that read a model: inspect, profile, eval, split.</summary>
public static class ModelMutator
{
    private static readonly string[] Commands = ["inspect", "profile", "eval", "split"];

    public static FuzzCase Create(int seed, int index)
    {
        var rng = new Random(Mix.Of(seed, index, 1));
        var seeds = SeedModels.Instance.Models;
        var s = seeds[rng.Next(seeds.Count)];
        var command = Commands[rng.Next(Commands.Length)];
        var target = command == "split" ? $"split:{(rng.Next(8) == 0 ? "fuzz_no_such_tensor" : s.Cut)}" : command;
        var bytes = Mutate(rng, s.Bytes, out var what);
        return new FuzzCase("models", index, target, $"{s.Name}: {what}", bytes, ".onnx");
    }

    /// <summary>A mutant of <paramref name="original"/>: field-level, byte-level, both, or a hand-made hostile file.</summary>
    public static byte[] Mutate(Random rng, byte[] original, out string what)
    {
        int kind = rng.Next(20);
        if (kind < 9) return Fields(rng, original, out what);
        if (kind < 16) return ByteMutations.Apply(rng, original, out what);
        if (kind < 18)
        {
            var b = Fields(rng, original, out var first);
            b = ByteMutations.Apply(rng, b, out var second);
            what = $"{first}; then {second}";
            return b;
        }
        if (kind == 18)
        {
            what = "unmutated";
            return original;
        }
        what = "text file";
        return Encoding.UTF8.GetBytes("ir_version: 8\ngraph { node { op_type: \"Relu\" } }\n");
    }

    private static byte[] Fields(Random rng, byte[] original, out string what)
    {
        var model = ModelProto.Parser.ParseFrom(original);
        int n = 1 + rng.Next(3);
        var done = new List<string>();
        for (int i = 0; i < n; i++) done.Add(OnnxFieldMutations.Apply(rng, model));
        what = string.Join("; ", done);
        return model.ToByteArray();
    }
}
