namespace Verge.Inference.Serving.Repository;

/// <summary>A model version's state as the repository reports it, with a message when it is unavailable or unbatched.</summary>
public sealed record ModelStatus(string Name, long Version, ModelState State, string Message = "");
