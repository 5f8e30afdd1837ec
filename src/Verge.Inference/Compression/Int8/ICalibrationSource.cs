using Verge.Inference.Graph;
using Verge.Inference.Runtime;

namespace Verge.Inference.Compression.Int8;

/// <summary>A sequence of input feeds for a model: what calibration runs the fp32 model on.</summary>
public interface ICalibrationSource
{
    /// <summary>How the source was named, e.g. <c>random:64</c> or <c>fashion-mnist:train:512</c>.</summary>
    string Spec { get; }

    /// <summary>
    /// One feed per sample for a model with these inputs; the caller disposes each feed. Throws an
    /// <see cref="Core.Errors.InputException"/> when the source cannot feed such a model.
    /// </summary>
    IEnumerable<ModelInputs> Feeds(IReadOnlyList<TensorInfo> inputs);

    /// <summary><paramref name="count"/> samples disjoint from this source's, for checking the quantized model.</summary>
    ICalibrationSource HeldOut(int count);
}
