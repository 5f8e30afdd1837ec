namespace Verge.Learning.Stems;

/// <summary>An application fine-tuned from the shared backbone: its name, its classes, and how a Fashion-MNIST label
/// maps to its own label.</summary>
public sealed record StemTask(string Name, int Classes, Func<int, int> Map)
{
    /// <summary>All ten Fashion-MNIST classes (the backbone's own task).</summary>
    public static StemTask Fashion10 { get; } = new("fashion-10", 10, label => label);

    /// <summary>Binary: is the item footwear (sandal, sneaker, ankle boot)?</summary>
    public static StemTask Footwear { get; } = new("footwear", 2, label => label is 5 or 7 or 9 ? 1 : 0);

    /// <summary>Coarse: tops (T-shirt, pullover, dress, coat, shirt), trousers, footwear, bags.</summary>
    public static StemTask Coarse { get; } = new("coarse-4", 4, label => label switch
    {
        1 => 1,
        5 or 7 or 9 => 2,
        8 => 3,
        _ => 0,
    });

    public static IReadOnlyList<StemTask> Standard { get; } = [Fashion10, Footwear, Coarse];
}
