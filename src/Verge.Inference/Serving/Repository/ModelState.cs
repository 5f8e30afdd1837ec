namespace Verge.Inference.Serving.Repository;

/// <summary>Where a model version is in its life (Triton's model states).</summary>
public enum ModelState
{
    Loading,
    Ready,
    Unloading,
    /// <summary>Failed to load, or unloaded; the status message says which.</summary>
    Unavailable,
}
