using Verge.Core.Deployment;
using Verge.Core.Units;

namespace Verge.Inference.Tests.Planning;

internal static class Topologies
{
    public static readonly PowerModel Phone = new(2.5, 0.3, 1.2);

    public static Topology DeviceEdge(double deviceSpeed, double edgeSpeed, string bandwidth, double rttMs) => new(
        [new Node("phone", Tier.Device, deviceSpeed, Phone), new Node("edge", Tier.Edge, edgeSpeed)],
        [new Link("phone", "edge", Bandwidth.Parse(bandwidth), TimeSpan.FromMilliseconds(rttMs))]);

    public static Topology ThreeTier(double deviceSpeed, string uplink, string backhaul) => new(
        [new Node("phone", Tier.Device, deviceSpeed, Phone), new Node("edge", Tier.Edge, 1.0), new Node("cloud", Tier.Cloud, 4.0)],
        [
            new Link("phone", "edge", Bandwidth.Parse(uplink), TimeSpan.FromMilliseconds(20)),
            new Link("edge", "cloud", Bandwidth.Parse(backhaul), TimeSpan.FromMilliseconds(40)),
        ]);
}
