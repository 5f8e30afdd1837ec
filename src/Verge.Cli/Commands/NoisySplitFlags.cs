using System.CommandLine;
using Verge.Cli.Options;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Cli.Commands;

/// <summary>
/// The flags `verge noisy-train` and `verge bench noisy-features` share: which split is trained on how many images,
/// and how (tail only, or head and tail with the noise in the loop). One set, so the deployable model and the bench's
/// row are made the same way.
/// </summary>
internal sealed class NoisySplitFlags
{
    private static readonly NoisyFeatureOptions Defaults = new();

    public readonly Option<string?> Data = new("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
    public readonly Option<string> Model = new("--model") { Description = "trainable zoo model", DefaultValueFactory = _ => Defaults.Model };
    public readonly Option<int> CutAfter = new("--cut-after") { Description = "last head layer (index into the model's body)", DefaultValueFactory = _ => Defaults.CutAfter };
    public readonly Option<int> Owner = new("--owner-images") { Description = "owner's training images (first half of the training set)", DefaultValueFactory = _ => Defaults.OwnerImages };
    public readonly Option<int> Test = new("--test-images") { Description = "test images scored", DefaultValueFactory = _ => Defaults.TestImages };
    public readonly Option<int> Epochs = new("--epochs") { Description = "epochs of the clean model", DefaultValueFactory = _ => Defaults.Epochs };
    public readonly Option<int> FineTune = new("--fine-tune-epochs") { Description = "epochs of noisy training (per ε in the bench)", DefaultValueFactory = _ => Defaults.FineTuneEpochs };
    public readonly Option<bool> TrainHead = new("--train-head") { Description = "train head and tail end to end with the noise in the loop (Mao et al. 2018; Shredder) instead of the tail alone; the head is new, and the bench's attacker reads it" };

    public readonly Option<double> Adversary = new("--adversary-weight") { Description = "with --train-head: λ of a decoder played against during the noisy training (loss CE − λ·MSE; adversarial representation learning); 0 = off", DefaultValueFactory = _ => Defaults.AdversaryWeight, HelpName = "λ" };

    public IEnumerable<Option> All => [Data, Model, CutAfter, Owner, Test, Epochs, FineTune, TrainHead, Adversary];

    /// <summary><paramref name="o"/> with the shared flags' values, counts checked (one line, exit 2).</summary>
    public NoisyFeatureOptions Apply(ParseResult r, NoisyFeatureOptions o)
    {
        double adversary = r.GetValue(Adversary);
        if (!(adversary >= 0 && adversary <= 1_000)) throw new UsageException($"--adversary-weight {adversary} must be in [0, 1000]; 0 turns the adversary off");
        if (adversary > 0 && !r.GetValue(TrainHead)) throw new UsageException("--adversary-weight trains the head against a decoder; add --train-head");
        return o with
        {
            Model = r.GetValue(Model)!, CutAfter = r.GetValue(CutAfter),
            OwnerImages = CommonOptions.Positive(r.GetValue(Owner), "--owner-images"),
            TestImages = CommonOptions.Positive(r.GetValue(Test), "--test-images"),
            Epochs = CommonOptions.Positive(r.GetValue(Epochs), "--epochs"),
            FineTuneEpochs = CommonOptions.Positive(r.GetValue(FineTune), "--fine-tune-epochs"),
            TrainHead = r.GetValue(TrainHead), AdversaryWeight = adversary,
        };
    }
}
