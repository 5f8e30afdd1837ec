namespace Verge.Learning.Privacy.SplitLearning;

/// <summary>A split-learning curve: the activations' size at the cut, the clip B and one row per ε.</summary>
public sealed record SplitLearningResult(string Model, int Features, double Clip, IReadOnlyList<SplitLearningRow> Rows);
