using System.Diagnostics;
using System.Globalization;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Training;

// Epoch time of a zoo model on Fashion-MNIST in Verge's engine (Adam, lr 1e-3), the peer of
// bench/pytorch/lenet5_epoch.py. Prints wall and CPU seconds per epoch (CPU time is what a shared, loaded
// machine distorts least). Usage: Verge.Bench.Learning [MODEL] [EPOCHS] [BATCH] [THREADS]
var model = args.Length > 0 ? args[0] : "lenet5";
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
int batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
int threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;

using var engineThreads = Parallelism.Use(threads);
var train = await FashionMnist.LoadTrainAsync();
var test = await FashionMnist.LoadTestAsync();
var net = TrainableZoo.Create(model, seed: 0);
var optimizer = new Adam(net.Parameters(), 1e-3f);
var loader = new MiniBatchLoader(train, batch, shuffle: true, seed: 0);
Console.WriteLine($"verge {model}: batch {batch}, {threads} threads, {net.ParameterCount} parameters");
for (int epoch = 1; epoch <= epochs; epoch++)
{
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    double loss = Trainer.TrainEpoch(net, loader, optimizer);
    double seconds = watch.Elapsed.TotalSeconds;
    double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    double accuracy = Trainer.Evaluate(net, test);
    Console.WriteLine(FormattableString.Invariant($"epoch {epoch}: {seconds:F2} s ({cpu:F2} CPU s), train loss {loss:F4}, test accuracy {accuracy:P2}"));
}
