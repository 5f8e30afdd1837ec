namespace Verge.Bench.Fuzz;

/// <summary>The three categories and the generator of each: category, seed and index fix a case completely.</summary>
public static class Cases
{
    public static readonly string[] Categories = ["models", "specs", "wire"];

    public static FuzzCase Create(string category, int seed, int index) => category switch
    {
        "models" => ModelMutator.Create(seed, index),
        "specs" => SpecMutator.Create(seed, index),
        "wire" => WireMutator.Create(seed, index),
        _ => throw new ArgumentException($"unknown category '{category}'; choose one of {string.Join(", ", Categories)}"),
    };
}
