using System.Diagnostics;
using System.Globalization;
using Verge.Learning.Federated.SecureAggregation;

// The secure-aggregation protocol alone (every client's stages and the server's, in one process, one thread): wall
// and CPU seconds per round for N clients and an update of L values, complete graph and SecAgg+, with and without
// drops after key sharing. CPU time is what a loaded machine distorts least.
// Usage: Verge.Bench.SecAgg [CLIENTS] [LENGTH] [ROUNDS]   (default 10, 215,546 = cnn-small, 3)
int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
int length = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 215_546;
int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var random = new Random(1);
var updates = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 0.02 - 0.01)).ToArray()).ToArray();
Console.WriteLine($"secure aggregation, {n} clients, {length} values, 8 value bits; seconds per round (mean of {rounds}), whole protocol in one process");
Console.WriteLine("| graph | drops | wall s | CPU s | server CPU s |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var (neighbours, drops) in new[] { (0, 0), (0, 3), (4, 0), (4, 1) })
{
    double wall = 0, cpu = 0, serverCpu = 0;
    for (int r = 0; r <= rounds; r++)
    {
        var ids = Enumerable.Range(0, n).ToList();
        var clients = ids.ToDictionary(i => i, i => new SecAggClient(i, new Random(i)));
        var server = new SecAggServer(new SecAggOptions(Neighbours: neighbours, ValueBits: 8), r + 1, ids, length, seed: 0);
        var serverTime = TimeSpan.Zero;
        T Server<T>(Func<T> step)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var result = step();
            serverTime += Process.GetCurrentProcess().TotalProcessorTime - before;
            return result;
        }
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        Dictionary<int, byte[]> Ask(Dictionary<int, byte[]> requests) => requests.ToDictionary(kv => kv.Key, kv => clients[kv.Key].Handle(kv.Value));
        var shareRequests = Server(() => server.ReceiveKeys(Ask(server.AdvertiseRequests())));
        var maskRequests = Server(() => server.ReceiveShares(Ask(shareRequests)));
        var masked = maskRequests.Where(kv => kv.Key >= drops).ToDictionary(kv => kv.Key, kv => clients[kv.Key].Mask(kv.Value, updates[kv.Key]));
        var unmask = Server(() => server.ReceiveMasked(masked));
        var revealed = Ask(unmask);
        Server(() => server.ReceiveRevealed(revealed));
        if (r == 0) continue; // warm-up round
        wall += watch.Elapsed.TotalSeconds;
        cpu += (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        serverCpu += serverTime.TotalSeconds;
        foreach (var c in clients.Values) c.Dispose();
    }
    Console.WriteLine(FormattableString.Invariant(
        $"| {(neighbours == 0 ? "complete" : $"SecAgg+ k={neighbours}")} | {drops} | {wall / rounds:F2} | {cpu / rounds:F2} | {serverCpu / rounds:F2} |"));
}
