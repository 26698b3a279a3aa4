using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// A pose graph on SE(3): nodes are camera-to-world poses, edges relative poses measured between two nodes
/// (Z_ij ≈ T_i⁻¹ T_j, as the odometry measures a frame against a reference). <see cref="Optimise"/> moves the free
/// nodes to agree best with every edge: Gauss-Newton (Levenberg-damped) on the residuals log(Z_ij⁻¹ T_i⁻¹ T_j), each
/// scaled by the edge's noise (translation in metres, rotation in radians) and robustified by a Cauchy kernel, so
/// one wrong edge bends the graph little. Each node is moved by a twist on the right (T ← T exp(δ)); Jacobians are
/// numeric (central differences), the normal equations dense and solved by Cholesky on the host: the graph holds at
/// most some tens of tracking keyframes. One node (the oldest) is held fixed: it anchors the world frame.
/// Not thread-safe; no tensors.
/// </summary>
internal sealed class PoseGraph
{
    private readonly Dictionary<int, RigidTransform> poses = [];
    private readonly List<Edge> edges = [];

    /// <summary>A measured relative pose <paramref name="Relative"/> ≈ T_From⁻¹ T_To, with its noise: translation
    /// σ (metres) and rotation σ (radians).</summary>
    public sealed record Edge(int From, int To, RigidTransform Relative, double TranslationSigma, double RotationSigma);

    public IReadOnlyDictionary<int, RigidTransform> Poses => poses;
    public IReadOnlyList<Edge> Edges => edges;

    /// <summary>The node held fixed (the oldest; -1 when the graph is empty).</summary>
    public int Fixed => poses.Count == 0 ? -1 : poses.Keys.Min();

    public void AddNode(int id, RigidTransform pose)
    {
        if (!poses.TryAdd(id, pose)) throw new ArgumentException($"node {id} is already in the graph", nameof(id));
    }

    public void AddEdge(Edge edge)
    {
        if (!poses.ContainsKey(edge.From) || !poses.ContainsKey(edge.To) || edge.From == edge.To)
            throw new ArgumentException($"edge {edge.From} -> {edge.To} needs two different nodes of the graph", nameof(edge));
        if (!(edge.TranslationSigma > 0) || !(edge.RotationSigma > 0))
            throw new ArgumentException($"edge {edge.From} -> {edge.To}: noise must be > 0", nameof(edge));
        edges.Add(edge);
    }

    /// <summary>Removes a node and its edges.</summary>
    public void RemoveNode(int id)
    {
        poses.Remove(id);
        edges.RemoveAll(e => e.From == id || e.To == id);
    }

    public void Clear()
    {
        poses.Clear();
        edges.Clear();
    }

    /// <summary>The weighted residual of one edge at the current poses (6 values: translation / σt, rotation / σr).</summary>
    public double[] Residual(Edge edge) => Residual(edge, poses[edge.From], poses[edge.To]);

    /// <summary>Translation (metres) and rotation (radians) of the disagreement between an edge and the current poses.</summary>
    public (double Metres, double Radians) Disagreement(Edge edge)
    {
        var error = edge.Relative.Inverse() * poses[edge.From].Inverse() * poses[edge.To];
        return (error.TranslationNorm(), error.RotationAngle());
    }

    /// <summary>
    /// Moves the free nodes to agree with the edges: up to <paramref name="iterations"/> damped Gauss-Newton steps,
    /// stopping when a step moves no node by more than 1e-7. <paramref name="robustScale"/> is the Cauchy kernel's
    /// scale in units of an edge's σ. Nodes with an id below <paramref name="freeFrom"/> are held as well (a local
    /// optimisation: only the newer part of the graph moves). Returns the total robust cost before and after.
    /// </summary>
    public (double Before, double After) Optimise(int iterations = 10, double robustScale = 3, int freeFrom = int.MinValue)
    {
        if (poses.Count < 2 || edges.Count == 0) return (0, 0);
        int anchor = Fixed;
        var order = poses.Keys.Where(k => k != anchor && k >= freeFrom).Order().ToArray();
        if (order.Length == 0) return (0, 0);
        var column = new Dictionary<int, int>();
        for (int i = 0; i < order.Length; i++) column[order[i]] = 6 * i;
        int n = 6 * order.Length;
        double before = Cost(poses, robustScale), cost = before, lambda = 1e-6;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            var h = new double[n * n];
            var g = new double[n];
            foreach (var edge in edges)
            {
                if (!column.ContainsKey(edge.From) && !column.ContainsKey(edge.To)) continue;    // both ends held: a constant
                var r = Residual(edge);
                double weight = CauchyWeight(r, robustScale);
                var jFrom = column.TryGetValue(edge.From, out int cf) ? Jacobian(edge, moveFrom: true) : null;
                var jTo = column.TryGetValue(edge.To, out int ct) ? Jacobian(edge, moveFrom: false) : null;
                Accumulate(h, g, n, weight, r, jFrom, cf, jTo, ct);
            }
            // Levenberg damping: a step is kept only when it lowers the cost.
            double[]? step = null;
            for (int attempt = 0; attempt < 6 && step is null; attempt++, lambda *= 10)
            {
                var damped = (double[])h.Clone();
                for (int i = 0; i < n; i++) damped[i * n + i] += lambda * (1 + h[i * n + i]);
                var candidate = CholeskySolve(damped, g.Select(v => -v).ToArray(), n);
                if (candidate is null) continue;
                var moved = Moved(candidate, order, column);
                double newCost = Cost(moved, robustScale);
                if (newCost < cost)
                {
                    foreach (var (id, pose) in moved) poses[id] = pose;
                    cost = newCost;
                    step = candidate;
                    lambda = Math.Max(lambda / 100, 1e-9);
                }
            }
            if (step is null || step.Max(Math.Abs) < 1e-7) break;
        }
        return (before, cost);
    }

    private Dictionary<int, RigidTransform> Moved(double[] step, int[] order, Dictionary<int, int> column)
    {
        var moved = new Dictionary<int, RigidTransform>(poses);
        foreach (int id in order)
            moved[id] = Se3.Orthonormalised(poses[id] * Se3.Exp(step.AsSpan(column[id], 6)));
        return moved;
    }

    private double Cost(IReadOnlyDictionary<int, RigidTransform> at, double robustScale)
    {
        double total = 0;
        foreach (var edge in edges)
        {
            var r = Residual(edge, at[edge.From], at[edge.To]);
            double s2 = r.Sum(v => v * v);
            total += robustScale * robustScale * Math.Log(1 + s2 / (robustScale * robustScale));
        }
        return total;
    }

    private static double CauchyWeight(double[] r, double scale)
    {
        double s2 = r.Sum(v => v * v);
        return 1 / (1 + s2 / (scale * scale));
    }

    private static double[] Residual(Edge edge, RigidTransform from, RigidTransform to)
    {
        var log = Se3.Log(edge.Relative.Inverse() * from.Inverse() * to);
        for (int k = 0; k < 3; k++) log[k] /= edge.TranslationSigma;
        for (int k = 3; k < 6; k++) log[k] /= edge.RotationSigma;
        return log;
    }

    /// <summary>d residual / d twist of one end ([6 residuals x 6 twist], row-major), by central differences.</summary>
    private double[] Jacobian(Edge edge, bool moveFrom)
    {
        const double h = 1e-6;
        var j = new double[36];
        Span<double> xi = stackalloc double[6];
        for (int c = 0; c < 6; c++)
        {
            xi.Clear();
            xi[c] = h;
            var plus = Nudged(edge, moveFrom, Se3.Exp(xi));
            xi[c] = -h;
            var minus = Nudged(edge, moveFrom, Se3.Exp(xi));
            for (int r = 0; r < 6; r++) j[r * 6 + c] = (plus[r] - minus[r]) / (2 * h);
        }
        return j;
    }

    private double[] Nudged(Edge edge, bool moveFrom, RigidTransform delta) => moveFrom
        ? Residual(edge, poses[edge.From] * delta, poses[edge.To])
        : Residual(edge, poses[edge.From], poses[edge.To] * delta);

    private static void Accumulate(double[] h, double[] g, int n, double weight, double[] r, double[]? jA, int ca, double[]? jB, int cb)
    {
        void Block(double[] ja, int ra, double[] jb, int rb)
        {
            for (int a = 0; a < 6; a++)
                for (int b = 0; b < 6; b++)
                {
                    double sum = 0;
                    for (int k = 0; k < 6; k++) sum += ja[k * 6 + a] * jb[k * 6 + b];
                    h[(ra + a) * n + rb + b] += weight * sum;
                }
        }
        if (jA is not null)
        {
            Block(jA, ca, jA, ca);
            for (int a = 0; a < 6; a++)
                for (int k = 0; k < 6; k++) g[ca + a] += weight * jA[k * 6 + a] * r[k];
        }
        if (jB is not null)
        {
            Block(jB, cb, jB, cb);
            for (int a = 0; a < 6; a++)
                for (int k = 0; k < 6; k++) g[cb + a] += weight * jB[k * 6 + a] * r[k];
        }
        if (jA is not null && jB is not null)
        {
            Block(jA, ca, jB, cb);
            Block(jB, cb, jA, ca);
        }
    }

    /// <summary>Solves A x = b for a symmetric positive definite A (n x n, row-major); null when A is not.</summary>
    internal static double[]? CholeskySolve(double[] a, double[] b, int n)
    {
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = a[i * n + j];
                for (int k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                if (i == j)
                {
                    if (!(sum > 0)) return null;
                    l[i * n + i] = Math.Sqrt(sum);
                }
                else l[i * n + j] = sum / l[j * n + j];
            }
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
            y[i] = sum / l[i * n + i];
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
            x[i] = sum / l[i * n + i];
        }
        return x;
    }
}
