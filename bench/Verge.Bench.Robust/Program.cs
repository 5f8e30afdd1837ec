using System.Diagnostics;
using System.Globalization;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Robust;
using Verge.Learning.Models;

// The server-side cost of each aggregation rule on one round of N client updates of a zoo model's size (random
// values: the cost does not depend on them). Prints the median of R repetitions in milliseconds.
// Usage: dotnet run --project bench/Verge.Bench.Robust -c Release -- [MODEL] [CLIENTS] [REPETITIONS] [RULE…]
var model = args.Length > 0 ? args[0] : "lenet5";
int clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
int repetitions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 21;
string[] rules = args.Length > 3 ? args[3..] : ["mean", "median", "trimmed-mean:0.2", "krum", "multi-krum", "bucket:2:median"];

int length = checked((int)TrainableZoo.Create(model, seed: 0).ParameterCount);
var rng = new Random(0);
var updates = Enumerable.Range(0, clients).Select(c =>
{
    var delta = new float[length];
    for (int i = 0; i < length; i++) delta[i] = rng.NextSingle() - 0.5f;
    return new ClientUpdate(c, 1, 0, delta, 100, 20, 0, 0);
}).ToList();

Console.WriteLine($"{model}: {length} parameters, {clients} updates, median of {repetitions} runs");
foreach (var text in rules)
{
    var rule = AggregationRule.Parse(text);
    rule.Apply(updates, length); // warm-up
    var ms = new List<double>();
    for (int r = 0; r < repetitions; r++)
    {
        var watch = Stopwatch.StartNew();
        rule.Apply(updates, length);
        ms.Add(watch.Elapsed.TotalMilliseconds);
    }
    ms.Sort();
    Console.WriteLine(FormattableString.Invariant($"{rule,-20} {ms[ms.Count / 2],9:F2} ms"));
}
