using System.Runtime.InteropServices;
using System.Text;

namespace Verge.Bench.Fuzz;

/// <summary>
/// Sees what native code (ONNX Runtime's own logger) writes to file descriptor 2 during a case, which
/// Console.SetError cannot: fd 2 becomes a pipe that a thread drains, copying every byte on to the real stderr (so a
/// dying worker's last words still reach the supervisor) and keeping the bytes of the current case.
/// </summary>
public sealed class NativeStderr
{
    private const string Marker = "\u0001@@fuzz-case-end\n";
    private readonly StringBuilder _text = new();
    private readonly int _original;
    private readonly int _read;
    private TaskCompletionSource? _drained;

    private NativeStderr(int original, int read)
    {
        _original = original;
        _read = read;
        new Thread(Pump) { IsBackground = true, Name = "native stderr" }.Start();
    }

    /// <summary>Null where the C library is not at hand (not Linux): cases are then judged on managed stderr alone.</summary>
    public static NativeStderr? TryStart()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var fds = new int[2];
        if (pipe(fds) != 0) return null;
        int original = dup(2);
        if (original < 0 || dup2(fds[1], 2) < 0) return null;
        close(fds[1]);
        return new NativeStderr(original, fds[0]);
    }

    public void Begin()
    {
        lock (_text) _text.Clear();
    }

    /// <summary>What native code wrote since <see cref="Begin"/> (waits for the pipe to drain up to a marker it writes).</summary>
    public async Task<string> EndAsync()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_text) _drained = drained;
        var marker = Encoding.ASCII.GetBytes(Marker);
        write(2, marker, marker.Length);
        await Task.WhenAny(drained.Task, Task.Delay(2000));
        lock (_text)
        {
            var all = _text.ToString();
            int at = all.IndexOf(Marker, StringComparison.Ordinal);
            return at < 0 ? all : all[..at];
        }
    }

    private void Pump()
    {
        var buffer = new byte[8192];
        while (true)
        {
            nint n = read(_read, buffer, buffer.Length);
            if (n <= 0) return;
            var chunk = Encoding.UTF8.GetString(buffer, 0, (int)n);
            lock (_text)
            {
                _text.Append(chunk);
                if (_drained is not null && _text.ToString().Contains(Marker, StringComparison.Ordinal))
                {
                    _drained.TrySetResult();
                    _drained = null;
                }
            }
            var forward = chunk.Replace(Marker, "", StringComparison.Ordinal);
            if (forward.Length > 0)
            {
                var bytes = Encoding.UTF8.GetBytes(forward);
                write(_original, bytes, bytes.Length);
            }
        }
    }

    [DllImport("libc", SetLastError = true)] private static extern int pipe(int[] fds);
    [DllImport("libc", SetLastError = true)] private static extern int dup(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int dup2(int from, int to);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern nint read(int fd, byte[] buffer, nint count);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buffer, nint count);
}
