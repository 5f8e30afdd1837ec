namespace Verge.Net.Links;

public enum LinkDirection
{
    /// <summary>From the client (device, or the edge forwarding on) to the server.</summary>
    Up,
    /// <summary>From the server back to the client.</summary>
    Down,
}
