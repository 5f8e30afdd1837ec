namespace Verge.Learning.Engine;

/// <summary>
/// Inverted dropout (Srivastava et al., JMLR 2014): in training each value is zeroed with probability p and the
/// rest scaled by 1/(1−p); in evaluation it is the identity (and exports as nothing).
/// </summary>
public sealed class Dropout(float p, Rng rng) : Layer
{
    private Tensor? _out;
    private float[] _mask = [];

    public float P { get; } = p;

    public override Tensor Forward(Tensor x)
    {
        if (!Training || P <= 0f) return x;
        var y = Tensor.Reuse(ref _out, x.Shape);
        if (_mask.Length < x.Length) _mask = new float[x.Length];
        var mask = _mask;
        float keep = 1f / (1f - P);
        for (int i = 0; i < x.Length; i++)
        {
            mask[i] = rng.NextDouble() < P ? 0f : keep;
            y.Data[i] = x.Data[i] * mask[i];
        }
        y.SetOrigin(() =>
        {
            var (dy, dx) = (y.Grad!, x.Grad!);
            for (int i = 0; i < dx.Length; i++) dx[i] += dy[i] * mask[i];
        }, x);
        return y;
    }
}
