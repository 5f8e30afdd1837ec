using System.CommandLine;

namespace Verge.Cli.Options;

/// <summary>
/// `--party-seed N` on the private protocols' commands (private-infer, private-train, bench private, each
/// private-party): every party's randomness from its own seeded stream, so a figure in docs/results repeats
/// exactly. Like `--dp-seed`, never a default: 2pc's shares and he's keys and masks are private only because they
/// are fresh, so a seeded run warns on stderr, and the parties a command starts get the seed through their arguments.
/// </summary>
internal sealed class PartySeedFlag
{
    public const string Name = "--party-seed";

    private readonly Option<int?> _seed = new(Name)
    {
        Description = "seed every party's randomness (shares, triples, Paillier keys, masks) so a run repeats exactly — for tests and papers only: " +
                      "the protocols' privacy rests on fresh randomness, and anyone who knows the seed can undo the shares and decrypt; leave it out for private use",
        HelpName = "N",
    };

    public void AddTo(Command command) => command.Options.Add(_seed);

    /// <summary>The seed, or null (OS randomness); a given seed prints the one-line warning.</summary>
    public int? Read(ParseResult r)
    {
        var seed = r.GetValue(_seed);
        if (seed is { } s)
            Console.Error.WriteLine($"verge: warning: {Name} {s} makes every share, key and mask of this run predictable (for tests and papers only; leave it out for private use)");
        return seed;
    }

    /// <summary>The flag for a child party's command line: empty without a seed.</summary>
    public static string[] Args(int? seed) => seed is { } s ? [Name, $"{s}"] : [];
}
