using System.Net;
using System.Net.Sockets;

namespace Verge.TestSupport;

/// <summary>
/// A loopback port nothing listens on right now. It is free only until someone else takes it, so servers that can
/// bind port 0 themselves should do that and report the port they got; use this for an absent server, or for ports
/// a server cannot pick itself (Orleans silo and gateway ports).
/// </summary>
public static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
