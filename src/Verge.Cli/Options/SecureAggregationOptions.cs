using System.CommandLine;
using Verge.Learning.Federated.SecureAggregation;

namespace Verge.Cli.Options;

/// <summary>The secure-aggregation flags `fl simulate` and `fl server` share.</summary>
internal sealed class SecureAggregationOptions
{
    private readonly Option<bool> _on = new("--secure-aggregation")
    {
        Description = "secure aggregation (Bonawitz et al. 2017): the server sees only the sum of masked, fixed-point updates; fedavg with mean, " +
                      "codec qK (K value bits) or fp32 (16); top-k and dgc are refused",
    };
    private readonly Option<int> _threshold = new("--secagg-threshold")
    {
        Description = "shares needed to rebuild a client's masks (0: a majority of its neighbours)", DefaultValueFactory = _ => 0,
    };
    private readonly Option<int> _neighbours = new("--secagg-neighbours")
    {
        Description = "SecAgg+ (Bell et al. 2020): each client masks with K neighbours in a random graph (0: with everyone)", DefaultValueFactory = _ => 0,
        HelpName = "K",
    };
    private readonly Option<double> _clip = new("--secagg-clip")
    {
        Description = "each update coordinate is clipped to [-C, C] before fixed-point quantisation", DefaultValueFactory = _ => new SecAggOptions().ClipRange,
        HelpName = "C",
    };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _on, _threshold, _neighbours, _clip }) command.Options.Add(o);
    }

    /// <summary>The options when --secure-aggregation is on (value bits follow the codec later), else null.</summary>
    public SecAggOptions? Read(ParseResult r) =>
        r.GetValue(_on) ? new SecAggOptions(r.GetValue(_threshold), r.GetValue(_neighbours), ClipRange: r.GetValue(_clip)) : null;
}
