using Verge.Inference.Graph;
using Verge.Inference.Runtime;

namespace Verge.Inference.Planning.ModelSelection;

/// <summary>One variant of an application's model (fp32, int8, a smaller network…): its graph, its measured profile,
/// and its accuracy (0..1) on the application's data.</summary>
public sealed record ModelVariant(string Name, ModelGraph Graph, ModelProfile Profile, double Accuracy);
