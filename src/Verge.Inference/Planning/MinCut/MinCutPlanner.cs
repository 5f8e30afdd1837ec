using QuikGraph;
using QuikGraph.Algorithms.MaximumFlow;
using Verge.Core.Deployment;

namespace Verge.Inference.Planning.MinCut;

/// <summary>
/// DAG partitioning by s–t min-cut (Hu et al., DADS, INFOCOM 2019). Source s is the device, sink t the target:
/// <list type="bullet">
/// <item>node v: s→v costs v on the target (cut when v is offloaded), v→t costs v on the device (cut when v stays);
/// s→v also carries the return of the model outputs v produces;</item>
/// <item>tensor x made by u (s for a model input) and read by w₁..wₖ: u→x′ costs sending x once, x′→wᵢ is
/// infinite, so x is paid once however many offloaded readers it has;</item>
/// <item>wᵢ→u is infinite, so no offloaded node feeds one on the device (the device set stays predecessor-closed).</item>
/// </list>
/// The cut prices everything but the round trip itself, which any offloading plan pays once; so the cut's plan is
/// compared with device-only and the better is kept. The maximum flow is QuikGraph's Edmonds–Karp.
/// </summary>
public sealed class MinCutPlanner(MinCutOptions options) : IPlanner
{
    public MinCutPlanner() : this(new MinCutOptions())
    {
    }

    public string Name => $"min-cut({options.Target.ToString().ToLowerInvariant()})";

    public IReadOnlyList<Plan> Plan(PlanningProblem problem)
    {
        var costs = new CostModel(problem);
        if (costs.Topology.FirstOf(options.Target) is not { } target || target == costs.Device) return [];
        var sites = new[] { costs.Device, target };
        var onDevice = DeviceSet(costs, target);
        var cut = costs.Build(Name, sites, onDevice.Select(d => d ? 0 : 1).ToArray());
        var local = costs.Build(Name, sites, new int[onDevice.Length]);
        return [costs.Score(local.Predicted) <= costs.Score(cut.Predicted) ? local : cut];
    }

    /// <summary>For each graph node, whether the minimum cut keeps it on the device.</summary>
    public static bool[] DeviceSet(CostModel costs, Node target)
    {
        var flow = costs.Flow;
        var nodes = costs.Problem.Graph.Nodes;
        var up = costs.Path(costs.Device, target);
        var down = costs.Path(target, costs.Device);

        // Vertices: 0 = s (device), 1 = t (target), 2.. graph nodes, then one per transferable tensor.
        const int s = 0, t = 1;
        int V(int node) => node < 0 ? s : node + 2;
        var graph = new AdjacencyGraph<int, Edge<int>>();
        var capacity = new Dictionary<Edge<int>, double>();
        void Add(int from, int to, double c)
        {
            var e = new Edge<int>(from, to);
            graph.AddVerticesAndEdge(e);
            capacity[e] = c;
        }

        graph.AddVertexRange([s, t]);
        var toDevice = new double[nodes.Count];
        var toTarget = new double[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            toDevice[i] = costs.Cost(costs.NodeMs(costs.Device, i), 0, 0);
            toTarget[i] = costs.Cost(0, 0, costs.NodeMs(target, i));
        }
        foreach (var x in flow.Tensors.Where(x => flow.IsModelOutput(x) && flow.Producer[x] >= 0))
            toTarget[flow.Producer[x]] += costs.TransferCost(down, costs.WireBytes(x));
        var sends = flow.Tensors.ToDictionary(x => x, x => costs.TransferCost(up, costs.WireBytes(x)));
        double finite = toDevice.Sum() + toTarget.Sum() + sends.Values.Sum();
        double infinite = 2 * finite + 1;

        for (int i = 0; i < nodes.Count; i++)
        {
            Add(s, V(i), toTarget[i]);
            Add(V(i), t, toDevice[i]);
        }
        int next = nodes.Count + 2;
        foreach (var x in flow.Tensors)
        {
            var readers = flow.ReadersOf[x].Where(r => r < flow.End).ToList();
            if (readers.Count == 0) continue;
            int aux = next++;
            int u = V(flow.Producer[x]);
            Add(u, aux, sends[x]);
            foreach (var w in readers)
            {
                Add(aux, V(w), infinite);
                if (u != s) Add(V(w), u, infinite);
            }
        }

        EdgeFactory<int, Edge<int>> factory = (a, b) => new Edge<int>(a, b);
        var augmentor = new ReversedEdgeAugmentorAlgorithm<int, Edge<int>>(graph, factory);
        augmentor.AddReversedEdges();
        var maxFlow = new EdmondsKarpMaximumFlowAlgorithm<int, Edge<int>>(graph, e => capacity.GetValueOrDefault(e), factory, augmentor);
        maxFlow.Compute(s, t);

        // The device side is what s still reaches through edges with residual capacity.
        double eps = 1e-9 * Math.Max(1, finite);
        var reached = new HashSet<int> { s };
        var queue = new Queue<int>([s]);
        while (queue.Count > 0)
            foreach (var e in graph.OutEdges(queue.Dequeue()))
                if (maxFlow.ResidualCapacities[e] > eps && reached.Add(e.Target))
                    queue.Enqueue(e.Target);
        return Enumerable.Range(0, nodes.Count).Select(i => reached.Contains(V(i))).ToArray();
    }
}
