using Verge.Core.Deployment;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;

namespace Verge.Inference.Planning;

/// <summary>The plain values a planner works on: the model, its measured profile, the topology and the options.</summary>
public sealed record PlanningProblem(ModelGraph Graph, ModelProfile Profile, Topology Topology, PlanningOptions Options);
