using System.CommandLine;
using Verge.Core.Errors;
using Verge.Learning.Privacy.SecureMl;

namespace Verge.Cli.Options;

/// <summary>SecureML's public hyperparameters, the same flags on `verge private-train` and on each trainer process.</summary>
internal sealed class SecureMlFlags
{
    private readonly Option<string> _model = new("--model") { Description = "logreg or mlp", DefaultValueFactory = _ => "logreg" };
    private readonly Option<int> _epochs = new("--epochs") { Description = "passes over the training rows", DefaultValueFactory = _ => 2 };
    private readonly Option<int> _batch = new("--batch") { Description = "rows per SGD step", DefaultValueFactory = _ => 64 };
    private readonly Option<double> _lr = new("--lr") { Description = "SGD learning rate", DefaultValueFactory = _ => 0.05 };
    private readonly Option<int> _hidden = new("--hidden") { Description = "mlp: hidden ReLU units", DefaultValueFactory = _ => 16 };
    private readonly Option<int> _seed = new("--seed") { Description = "seed of the public initial weights and row order", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _model, _epochs, _batch, _lr, _hidden, _seed }) command.Options.Add(o);
    }

    public IEnumerable<string> Args(ParseResult r) =>
        ["--model", r.GetValue(_model)!, "--epochs", $"{r.GetValue(_epochs)}", "--batch", $"{r.GetValue(_batch)}",
         "--lr", r.GetValue(_lr).ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--hidden", $"{r.GetValue(_hidden)}", "--seed", $"{r.GetValue(_seed)}"];

    public SecureMlOptions Read(ParseResult r)
    {
        var model = r.GetValue(_model)!;
        if (!SecureMlOptions.Models.Contains(model)) throw new UsageException($"--model '{model}' is not one of: {string.Join(", ", SecureMlOptions.Models)}");
        int epochs = r.GetValue(_epochs), batch = r.GetValue(_batch), hidden = r.GetValue(_hidden);
        double lr = r.GetValue(_lr);
        if (epochs is < 1 or > 100) throw new UsageException("--epochs must be 1..100");
        if (batch is < 1 or > 1024) throw new UsageException("--batch must be 1..1024");
        if (hidden is < 1 or > 256) throw new UsageException("--hidden must be 1..256");
        if (!(lr > 0 && lr <= 10)) throw new UsageException("--lr must be in (0, 10]");
        return new SecureMlOptions(model, epochs, batch, lr, hidden, r.GetValue(_seed));
    }
}
