namespace Verge.Core.Deployment;

/// <summary>Where a node sits: on the end device, on an edge server near it, or in the cloud.</summary>
public enum Tier
{
    Device,
    Edge,
    Cloud,
}
