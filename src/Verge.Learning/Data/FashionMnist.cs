using Verge.Core.Errors;
using Verge.Inference.Data;

namespace Verge.Learning.Data;

/// <summary>
/// Fashion-MNIST (Xiao et al., 2017): 60 000 training and 10 000 test images, 28×28 grey, 10 classes, read
/// from the four IDX files that Debian's dataset-fashion-mnist installs.
/// </summary>
public static class FashionMnist
{
    public const string DefaultDirectory = FashionMnistFiles.DefaultDirectory;

    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static Task<ImageDataset> LoadTrainAsync(string? directory = null, CancellationToken ct = default) =>
        LoadAsync(directory, "train", ct);

    public static Task<ImageDataset> LoadTestAsync(string? directory = null, CancellationToken ct = default) =>
        LoadAsync(directory, "t10k", ct);

    private static async Task<ImageDataset> LoadAsync(string? directory, string split, CancellationToken ct)
    {
        var images = FashionMnistFiles.Images(directory, split);
        var labels = FashionMnistFiles.Labels(directory, split);
        var (imageDims, imageBytes) = await IdxReader.ReadAsync(images, ct: ct);
        var (labelDims, labelBytes) = await IdxReader.ReadAsync(labels, ct: ct);
        if (imageDims.Length != 3 || labelDims.Length != 1 || imageDims[0] != labelDims[0])
            throw new InputException($"'{images}' and '{labels}' do not hold matching 28x28 images and labels");
        var pixels = new float[imageBytes.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = imageBytes[i] / 255f;
        return new ImageDataset(pixels, labelBytes.Select(b => (int)b).ToArray(), 1, imageDims[1], imageDims[2]);
    }
}
