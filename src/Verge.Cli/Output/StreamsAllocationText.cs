using System.Text;
using Verge.Net.Benchmarks.Streams;

namespace Verge.Cli.Output;

/// <summary>The knob sets and stream mixes of `verge bench streams`' allocation section, in words.</summary>
internal static class StreamsAllocationText
{
    public static void Knobs(StringBuilder md, StreamsBenchOptions o)
    {
        var rates = string.Join(", ", KnobProfiles.FrameRates);
        var models = string.Join(", ", o.Variants.Keys);
        md.AppendLine($"Knobs \"{AllocationStudy.ModelKnobs}\": frame rate {{{rates}}} fps × model variant {{{models}}}; cost = rate × MACs.");
        if (o.AllocationKnobSets.Contains(AllocationStudy.IssueKnobs))
        {
            md.AppendLine($"Knobs \"{AllocationStudy.IssueKnobs}\" (the issue's list; the acceptance reads this set): the same rates × {{{models},");
            md.AppendLine($"{LowResolutionVariant.Name}, {string.Join(", ", o.ExitThresholds.Select(ExitVariants.Name))}}}. {LowResolutionVariant.Name} is the input-resolution knob: a LeNet-5 that sees");
            md.AppendLine($"each frame at 14×14 (2×2 average pooling), trained by the bench with Verge's engine ({o.LowResolutionEpochs} epochs on {(o.TrainLimit == 0 ? 60000 : o.TrainLimit)} training images, seed {o.Seed});");
            md.AppendLine($"exits@t is `{Path.GetFileNameWithoutExtension(o.ExitModelPath)}` leaving at the first exit whose top softmax probability reaches t. Costs are MACs from");
            md.AppendLine("the ONNX graphs: rate × MACs, and for exits rate × the mean MACs of the frames answered in the window (each frame costs every node");
            md.AppendLine("up to the exit it left at), so that cost is measured per window like accuracy. int8 variants are not knobs here: their MACs equal fp32's,");
            md.AppendLine("and their only cost is wall-clock, which on this shared host would make the allocation depend on load.");
        }
        md.AppendLine($"Stream mixes: \"{AllocationStudy.Stationary}\" — streams alternate static and busy presets, content stationary;");
        md.AppendLine($"\"{AllocationStudy.Changing}\" — streams whose content changes over windows, in turn {string.Join(", ", ChangingStreams.Kinds)} (static and busy");
        md.AppendLine("scenes of 2–4 windows each, seeded; drifting: the drifting preset's class subsets, a new one every two windows).");
    }
}
