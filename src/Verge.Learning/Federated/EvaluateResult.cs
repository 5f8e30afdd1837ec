namespace Verge.Learning.Federated;

/// <summary>One evaluation of a model on some samples (a client's test share, or the server's test set).</summary>
public sealed record EvaluateResult(int ClientId, int Samples, double Accuracy);
