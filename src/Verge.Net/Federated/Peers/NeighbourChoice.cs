namespace Verge.Net.Federated.Peers;

/// <summary>Whom a gossip peer exchanges with after its local steps.</summary>
public enum NeighbourChoice
{
    /// <summary>A live peer drawn uniformly (Blot et al., 2016).</summary>
    Random,
    /// <summary>The next or previous live peer by id, alternately: a ring that closes over dead peers.</summary>
    Ring,
}
