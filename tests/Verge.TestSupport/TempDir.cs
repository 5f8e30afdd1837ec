namespace Verge.TestSupport;

/// <summary>
/// A scratch folder under the system temp folder, removed with everything in it when the test ends
/// (<c>using var dir = new TempDir("verge-…-")</c>, or a test class's field disposed in its Dispose). A scratch file
/// is a name in it: <see cref="File"/>.
/// </summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "verge-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>A file (or folder) name inside this folder, "model.onnx": not created, only named.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // A child killed a moment ago may still hold a file open; what it cannot remove now it leaves, never fails the test.
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
