using Verge.Core.Deployment;

namespace Verge.Core.Spec;

/// <summary>
/// A deployment spec (YAML): the application and its requirements, the nodes and the links between them.
/// <see cref="Source"/> is the file as the user named it; errors start with it.
/// </summary>
public sealed record DeploymentSpec(string Source, AppSpec App, Topology Topology)
{
    /// <summary>Reads and validates a spec file; every problem is an <c>InputException</c> naming the field.</summary>
    public static DeploymentSpec Load(string path)
    {
        if (!File.Exists(path))
            throw new Errors.InputException($"spec '{path}' does not exist; give the path of a YAML spec such as examples/lenet5.yaml");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates spec text; <paramref name="source"/> names it in error messages.</summary>
    public static DeploymentSpec Parse(string yaml, string source) => new SpecReader(source).Read(yaml);

    /// <summary>The same spec with the device's first link set to <paramref name="bandwidth"/> (for "what if").</summary>
    public DeploymentSpec WithDeviceBandwidth(Units.Bandwidth bandwidth)
    {
        var device = Topology.Device.Name;
        var first = Topology.Links.FirstOrDefault(l => l.From == device || l.To == device)
            ?? throw new Errors.InputException($"{Source}: links: device '{device}' has no link whose bandwidth could be set; add one");
        return this with { Topology = Topology.WithBandwidth(first.From, first.To, bandwidth) };
    }
}
