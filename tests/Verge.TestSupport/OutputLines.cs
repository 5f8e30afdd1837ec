using System.Text;
using System.Threading.Channels;

namespace Verge.TestSupport;

/// <summary>
/// One output stream of a child, read from the moment it starts (so the child never blocks on a full pipe): kept
/// whole as text and handed out line by line (split as <see cref="TextReader.ReadLine"/> splits: \n, \r or \r\n).
/// </summary>
internal sealed class OutputLines
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _lines = [];
    private readonly Channel<string> _unread = Channel.CreateUnbounded<string>();

    public OutputLines(StreamReader reader) => Completion = Task.Run(() => PumpAsync(reader));

    /// <summary>Ends when the stream ends (the child exited and closed it).</summary>
    public Task Completion { get; }

    public string Text
    {
        get { lock (_text) return _text.ToString(); }
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_text) return [.. _lines]; }
    }

    /// <summary>The next line not yet handed out; null once the stream has ended.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        while (await _unread.Reader.WaitToReadAsync(ct))
            if (_unread.Reader.TryRead(out var line)) return line;
        return null;
    }

    private async Task PumpAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        var line = new StringBuilder();
        bool afterCr = false;
        int read;
        try
        {
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                lock (_text) _text.Append(buffer, 0, read);
                foreach (var c in buffer.AsSpan(0, read))
                {
                    if (c == '\n' && afterCr) { afterCr = false; continue; }
                    afterCr = c == '\r';
                    if (c is '\n' or '\r') Emit(line);
                    else line.Append(c);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The child was disposed while its pipe was still being read: what came so far is all there is.
        }
        finally
        {
            if (line.Length > 0) Emit(line);
            _unread.Writer.Complete();
        }
    }

    private void Emit(StringBuilder line)
    {
        var text = line.ToString();
        line.Clear();
        lock (_text) _lines.Add(text);
        _unread.Writer.TryWrite(text);
    }
}
