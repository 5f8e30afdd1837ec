namespace Verge.Core.Spec;

/// <summary>One model variant of <c>app.variants</c>: a name, its model, and its accuracy if known (else measured).</summary>
public sealed record VariantSpec(string Name, string Model, double? Accuracy);
