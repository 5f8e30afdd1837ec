using Verge.Learning.Engine;

namespace Verge.Learning.Models;

/// <summary>
/// A classifier of the trainable zoo: 1×28×28 images (pixels/255) in, 10 logits out. Its body is a
/// <see cref="Sequential"/>, so its ONNX export is its layers' exports in order.
/// </summary>
public sealed class TrainableModel : Layer
{
    public TrainableModel(string name, Sequential body)
    {
        Name = name;
        Body = Child("body", body);
    }

    public string Name { get; }
    public Sequential Body { get; }
    public static int[] ImageShape { get; } = [1, 28, 28];
    public const int Classes = 10;

    public override Tensor Forward(Tensor x) => Body.Forward(x);
}
