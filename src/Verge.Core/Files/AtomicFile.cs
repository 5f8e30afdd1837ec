using Verge.Core.Errors;

namespace Verge.Core.Files;

/// <summary>
/// The one way Verge writes a file: into a temporary file in the same folder, flushed to disk, then renamed over the
/// target. A crash, a full disk or an exception mid-write leaves the previous file (or none) and no temporary file,
/// never a truncated model or checkpoint. A target that cannot be written is the user's to fix (exit 3, one line).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes whatever <paramref name="write"/> puts in the stream.</summary>
    /// <param name="what">What is written, as the error names it: "plot" gives "cannot write plot 'PATH': …".</param>
    public static void Write(string path, Action<Stream> write, string what = "file") =>
        Replace(path, what, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(stream);
            stream.Flush(flushToDisk: true);
        });

    public static void WriteAllBytes(string path, byte[] bytes, string what = "file") => Write(path, s => s.Write(bytes), what);

    public static void WriteAllText(string path, string text, string what = "file") =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); }, what);

    /// <summary>
    /// For writers that only take a path (a plotting library): <paramref name="write"/> writes the temporary path,
    /// which keeps the target's extension, and the result is flushed and renamed into place.
    /// </summary>
    public static void WriteVia(string path, Action<string> write, string what = "file") =>
        Replace(path, what, temporary =>
        {
            write(temporary);
            // The writer closed its file; reopen it to push the bytes to disk before the rename.
            using var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            stream.Flush(flushToDisk: true);
        });

    private static void Replace(string path, string what, Action<string> writeTemporary)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        var temporary = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            Directory.CreateDirectory(dir);
            writeTemporary(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write {what} '{path}': {e.Message.TrimEnd('.')}; choose a writable path", e);
        }
        finally
        {
            try { File.Delete(temporary); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* nothing was left to remove */ }
        }
    }

    /// <summary>
    /// Fails now, in one line, when new files cannot be made in <paramref name="folder"/>, so a command that writes at
    /// its end (train --out, a federation's checkpoints, --json) does not find out after the work is done. With
    /// <paramref name="create"/> the folder is made if missing; without, the nearest folder that exists is probed,
    /// so a command that fails later for another reason leaves no empty folders behind.
    /// </summary>
    /// <param name="fix">The second half of the error line: what to do.</param>
    /// <param name="shown">The path the error names (the file the user gave when its folder is checked); the folder by default.</param>
    public static void CheckWritableFolder(string folder, string what, bool create = true, string fix = "choose a writable folder", string? shown = null)
    {
        var full = Path.GetFullPath(folder);
        try
        {
            if (create) Directory.CreateDirectory(full);
            var existing = full;
            while (!Directory.Exists(existing))
            {
                if (File.Exists(existing)) throw new IOException($"'{existing}' is a file, not a folder");
                existing = Path.GetDirectoryName(existing) ?? throw new DirectoryNotFoundException($"no folder of '{full}' exists");
            }
            var probe = Path.Combine(existing, $".verge-write-check.{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write {what} '{shown ?? folder}': {e.Message.TrimEnd('.')}; {fix}", e);
        }
    }
}
