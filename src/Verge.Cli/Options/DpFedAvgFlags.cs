using System.CommandLine;
using Verge.Learning.Privacy.DpFedAvg;

namespace Verge.Cli.Options;

/// <summary>The DP-FedAvg flags `fl simulate` and `fl server` share.</summary>
internal sealed class DpFedAvgFlags
{
    private readonly Option<bool> _on = new("--dp")
    {
        Description = "user-level DP-FedAvg (McMahan et al. 2018): clients sampled with probability --fraction, updates clipped to --clip, " +
                      "Gaussian noise --noise x clip on the sum; (epsilon, delta) after every round",
    };
    private readonly Option<double> _noise = new("--noise") { Description = "--dp: noise multiplier z (noise std / clip)", DefaultValueFactory = _ => 1.0, HelpName = "Z" };
    private readonly Option<double> _clip = new("--clip") { Description = "--dp: L2 norm S each client's update is clipped to", DefaultValueFactory = _ => 0.5, HelpName = "S" };
    private readonly Option<double> _delta = new("--delta") { Description = "--dp: delta of the (epsilon, delta) guarantee", DefaultValueFactory = _ => 1e-5, HelpName = "D" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _on, _noise, _clip, _delta }) command.Options.Add(o);
    }

    public DpFedAvgOptions? Read(ParseResult r) =>
        r.GetValue(_on) ? new DpFedAvgOptions(r.GetValue(_noise), r.GetValue(_clip), r.GetValue(_delta)).Validate() : null;
}
