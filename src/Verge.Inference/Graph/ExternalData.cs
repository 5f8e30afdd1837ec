using Google.Protobuf;
using Onnx;
using Verge.Core.Errors;

namespace Verge.Inference.Graph;

/// <summary>
/// The gate for ONNX external data (initializers whose weights live in another file, named by a path in the model).
/// ONNX Runtime resolves those paths itself — relative to the working directory when a session is made from bytes —
/// so a hostile model could make a node read any file and send its bytes back as outputs. Models that arrive as
/// bytes must carry every weight inline; models read from a file may name only files inside their own folder, and
/// their data is copied inline here, so no later session (all made from bytes) ever opens a path from a model.
/// </summary>
public static class ExternalData
{
    /// <summary>Refuses a model sent over the network (or otherwise given as bytes) that names any external file.</summary>
    public static void RefuseAll(ModelProto model)
    {
        foreach (var t in Tensors(model))
            if (IsExternal(t))
                throw new InputException($"initializer '{t.Name}' names external data file '{Location(t)}'; models sent to a node must carry their weights inline");
    }

    /// <summary>
    /// Copies the external data of a model read from <paramref name="modelPath"/> inline, after checking each file is a
    /// plain relative path inside the model's folder (no absolute path, no '..', no link leading out).
    /// </summary>
    public static void Inline(ModelProto model, string modelPath)
    {
        var folder = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".");
        var root = Real(folder);
        foreach (var t in Tensors(model))
        {
            if (!IsExternal(t)) continue;
            var location = Location(t);
            var file = Confine(location, folder, root, modelPath, t.Name);
            long offset = Number(t, "offset", modelPath), length = Number(t, "length", modelPath);
            byte[] bytes;
            try
            {
                using var stream = File.OpenRead(file);
                if (length < 0) length = stream.Length - offset;
                if (offset < 0 || length < 0 || offset + length > stream.Length)
                    throw new InputException($"'{modelPath}': weight '{t.Name}' wants bytes {offset}..{offset + length} of '{location}', which holds {stream.Length}; re-export the model with its data file");
                bytes = new byte[length];
                stream.Seek(offset, SeekOrigin.Begin);
                stream.ReadExactly(bytes);
            }
            catch (IOException e)
            {
                throw new InputException($"'{modelPath}': weight '{t.Name}' names data file '{location}' that cannot be read ({e.Message}); keep the data file beside the model");
            }
            t.RawData = ByteString.CopyFrom(bytes);
            t.ExternalData.Clear();
            t.DataLocation = TensorProto.Types.DataLocation.Default;
        }
    }

    private static string Confine(string location, string folder, string root, string modelPath, string name)
    {
        string Refuse() => throw new InputException($"'{modelPath}': initializer '{name}' names external data file '{location}' outside the model's folder; keep the weights inline or in a file beside the model");
        if (location.Length == 0 || Path.IsPathRooted(location) || location.Contains('\0')
            || location.Split('/', '\\').Any(p => p == ".."))
            return Refuse();
        var full = Path.GetFullPath(Path.Combine(folder, location));
        if (!Inside(full, folder)) return Refuse();
        if (!File.Exists(full))
            throw new InputException($"'{modelPath}': weight '{name}' names data file '{location}' that does not exist; keep the data file beside the model");
        // A link inside the folder may still point out of it: the real path must lie inside the real folder.
        string real;
        try { real = Real(full); }
        catch (IOException) { return Refuse(); }
        if (!Inside(real, root)) return Refuse();
        return full;
    }

    /// <summary>The path with every link along it followed (at most 40 links, Linux's own limit, so a loop ends).</summary>
    private static string Real(string path, int links = 0)
    {
        if (links > 40) throw new IOException($"more than 40 links in '{path}'");
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var head = parent is null ? full : Path.Combine(Real(parent, links), Path.GetFileName(full));
        FileSystemInfo info = Directory.Exists(head) ? new DirectoryInfo(head) : new FileInfo(head);
        if (info.LinkTarget is not { } target) return head;
        return Real(Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(head) ?? "/", target), links + 1);
    }

    private static bool Inside(string path, string folder)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static bool IsExternal(TensorProto t) =>
        t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0;

    private static string Location(TensorProto t) =>
        t.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "";

    private static long Number(TensorProto t, string key, string modelPath)
    {
        var entry = t.ExternalData.FirstOrDefault(e => e.Key == key);
        if (entry is null) return key == "length" ? -1 : 0;
        return long.TryParse(entry.Value, out var v) && v >= 0 ? v
            : throw new InputException($"'{modelPath}': weight '{t.Name}' has external data {key} '{entry.Value}'; re-export the model");
    }

    /// <summary>Every tensor in the model: initializers, sparse initializers and node attributes, subgraphs included.</summary>
    private static IEnumerable<TensorProto> Tensors(ModelProto model) =>
        (model.Graph is null ? [] : Tensors(model.Graph)).Concat(model.Functions.SelectMany(f => Tensors(f.Node)));

    private static IEnumerable<TensorProto> Tensors(GraphProto g)
    {
        foreach (var t in g.Initializer) yield return t;
        foreach (var s in g.SparseInitializer)
        {
            if (s.Values is not null) yield return s.Values;
            if (s.Indices is not null) yield return s.Indices;
        }
        foreach (var t in Tensors(g.Node)) yield return t;
    }

    private static IEnumerable<TensorProto> Tensors(IEnumerable<NodeProto> nodes)
    {
        foreach (var n in nodes)
            foreach (var a in n.Attribute)
            {
                if (a.T is not null) yield return a.T;
                foreach (var t in a.Tensors) yield return t;
                if (a.SparseTensor is { } st)
                {
                    if (st.Values is not null) yield return st.Values;
                    if (st.Indices is not null) yield return st.Indices;
                }
                foreach (var st2 in a.SparseTensors)
                {
                    if (st2.Values is not null) yield return st2.Values;
                    if (st2.Indices is not null) yield return st2.Indices;
                }
                if (a.G is not null) foreach (var t in Tensors(a.G)) yield return t;
                foreach (var sub in a.Graphs) foreach (var t in Tensors(sub)) yield return t;
            }
    }
}
