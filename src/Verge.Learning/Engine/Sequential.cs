namespace Verge.Learning.Engine;

/// <summary>Layers run one after another; children are named by position ("0", "1", …).</summary>
public sealed class Sequential : Layer
{
    private readonly List<Layer> _layers = [];

    public Sequential(params Layer[] layers)
    {
        foreach (var layer in layers) _layers.Add(Child(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer));
    }

    public IReadOnlyList<Layer> Layers => _layers;

    public override Tensor Forward(Tensor x)
    {
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }
}
