using Verge.Core.Errors;

namespace Verge.Inference.Data;

/// <summary>
/// Where Fashion-MNIST's four IDX files lie (Debian's dataset-fashion-mnist installs them), for training data and
/// int8 calibration alike. Splits are "train" and "t10k" (the test set).
/// </summary>
public static class FashionMnistFiles
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    public static string Images(string? directory, string split) => Find(directory, $"{split}-images-idx3-ubyte");

    public static string Labels(string? directory, string split) => Find(directory, $"{split}-labels-idx1-ubyte");

    private static string Find(string? directory, string stem)
    {
        directory ??= DefaultDirectory;
        foreach (var candidate in new[] { stem + ".gz", stem })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new InputException($"Fashion-MNIST not found: no {stem}.gz in '{directory}'; install the Debian package dataset-fashion-mnist (scripts/setup does) or pass --data DIR");
    }
}
