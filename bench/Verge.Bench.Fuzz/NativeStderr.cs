using System.Runtime.InteropServices;
using System.Text;

namespace Verge.Bench.Fuzz;

/// <summary>
/// Sees what native code (ONNX Runtime's own logger) writes to file descriptor 2 during a case, which
/// Console.SetError cannot: fd 2 becomes a file, emptied at the start of each case. A file, not a pipe, so a dying
/// process (a stack overflow writes megabytes) never blocks on it; the supervisor reads the same file after a crash.
/// </summary>
public sealed class NativeStderr
{
    private const int WriteOnly = 1, Create = 0x40, Truncate = 0x200, Append = 0x400;
    private readonly string _path;

    private NativeStderr(string path) => _path = path;

    /// <summary>Null where the C library is not at hand (not Linux): cases are then judged on managed stderr alone.</summary>
    public static NativeStderr? TryStart(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        int fd = open(path, WriteOnly | Create | Truncate | Append, 0x1A4);
        if (fd < 0 || dup2(fd, 2) < 0) return null;
        close(fd);
        return new NativeStderr(path);
    }

    public void Begin() => ftruncate(2, 0);

    /// <summary>What native code wrote since <see cref="Begin"/> (its first 64 KiB).</summary>
    public string End() => Read(_path);

    /// <summary>The first 64 KiB of a worker's stderr file ("" when there is none).</summary>
    public static string Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[64 << 10];
            int n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (IOException)
        {
            return "";
        }
    }

    [DllImport("libc", SetLastError = true)] private static extern int open(string path, int flags, int mode);
    [DllImport("libc", SetLastError = true)] private static extern int dup2(int from, int to);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int ftruncate(int fd, long length);
}
