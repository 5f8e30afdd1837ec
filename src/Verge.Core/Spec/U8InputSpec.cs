namespace Verge.Core.Spec;

/// <summary>
/// <c>app.input_format: { format: u8, mean: [...], std: [...] }</c> (or <c>{ format: u8, preset: imagenet }</c>): the
/// model's input is a camera's 8-bit image, normalised as (x / 255 − mean_c) / std_c per channel c. Input-wise runs
/// then send 8-bit windows of the frame to helpers and zero-bitmap strips between blocks; null: float input.
/// </summary>
public sealed record U8InputSpec(IReadOnlyList<float> Mean, IReadOnlyList<float> Std);
