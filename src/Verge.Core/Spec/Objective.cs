namespace Verge.Core.Spec;

/// <summary>What a planner minimises: end-to-end latency of one inference, or the device's energy for it.</summary>
public enum Objective
{
    Latency,
    Energy,
}
