namespace Verge.Learning.Engine;

/// <summary>A grow-only work buffer that a layer keeps between steps, so steady-state training allocates nothing.</summary>
internal struct Scratch
{
    private float[]? _data;

    public float[] Get(int length, bool clear = false)
    {
        if (_data is null || _data.Length < length) _data = new float[length];
        else if (clear) Array.Clear(_data, 0, length);
        return _data;
    }
}
