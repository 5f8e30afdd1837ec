using System.CommandLine;
using Verge.Core.Errors;
using Verge.Learning.Federated.Codistillation;

namespace Verge.Cli.Options;

/// <summary>The flags of `fl simulate --strategy codistill` (Anil et al., ICLR 2018).</summary>
internal sealed class CodistillationFlags
{
    private static readonly CodistillationOptions Defaults = new();

    private readonly Option<int> _groups = new("--groups") { Description = "codistill: models trained side by side (client c in group c mod G)", DefaultValueFactory = _ => Defaults.Groups };
    private readonly Option<int> _every = new("--codistill-every") { Description = "codistill: rounds between teacher snapshots sent to the clients", DefaultValueFactory = _ => Defaults.Every };
    private readonly Option<int> _burnIn = new("--codistill-burn-in") { Description = "codistill: rounds of plain training before the first snapshot", DefaultValueFactory = _ => Defaults.BurnIn };
    private readonly Option<double> _alpha = new("--codistill-alpha")
    {
        Description = "codistill: weight of the distillation term against the labels' cross-entropy (0: independent groups)",
        DefaultValueFactory = _ => (double)(decimal)Defaults.Alpha,
    };
    private readonly Option<double> _temperature = new("--codistill-temperature") { Description = "codistill: softmax temperature of the distillation term", DefaultValueFactory = _ => (double)(decimal)Defaults.Temperature };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _groups, _every, _burnIn, _alpha, _temperature }) command.Options.Add(o);
    }

    /// <summary>The options; a codistillation flag given with another strategy is a usage error, not silently ignored.</summary>
    public CodistillationOptions Read(ParseResult r, string strategy)
    {
        if (strategy != "codistill")
            foreach (var o in new Option[] { _groups, _every, _burnIn, _alpha, _temperature })
                if (r.GetResult(o) is { Implicit: false })
                    throw new UsageException($"{o.Name} goes with --strategy codistill, not {strategy}; drop it or choose codistill");
        return new(r.GetValue(_groups), r.GetValue(_every), r.GetValue(_burnIn), (float)r.GetValue(_temperature), (float)r.GetValue(_alpha));
    }
}
