namespace Verge.Net.Links;

/// <summary>Node names a <see cref="PaceTrace"/> gives the device's side of a run.</summary>
public static class PaceTraceNodes
{
    public const string Device = "device";
}
