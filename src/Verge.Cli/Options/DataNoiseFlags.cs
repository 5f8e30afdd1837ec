using System.CommandLine;
using Verge.Learning.Privacy.DataNoise;

namespace Verge.Cli.Options;

/// <summary>The training-data noise flags (Zhang et al. 2018) that `train` and `fl simulate` share.</summary>
internal sealed class DataNoiseFlags
{
    private readonly Option<double> _scale = new("--data-noise")
    {
        Description = "perturb the training images on the device with Gaussian noise of this std (pixels in [0, 1]; 0: off)",
        DefaultValueFactory = _ => 0, HelpName = "S",
    };
    private readonly Option<int> _copies = new("--data-noise-copies") { Description = "--data-noise: independently noised copies of each training image", DefaultValueFactory = _ => 1 };

    public IReadOnlyList<Option> All => [_scale, _copies];

    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    /// <summary>The options, or null when the flags leave the data clean.</summary>
    public DataNoiseOptions? Read(ParseResult r, int seed)
    {
        var options = new DataNoiseOptions(r.GetValue(_scale), r.GetValue(_copies), seed).Validate();
        return options.IsOff ? null : options;
    }
}
