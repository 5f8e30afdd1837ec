using Verge.Core.Errors;

namespace Verge.Cli.Output;

/// <summary>Writes one output file (a plot, JSON, Markdown): its folder is made first, and a path that cannot be written is the user's to fix.</summary>
internal static class OutputFile
{
    /// <param name="what">What is written, as the error names it: "plot" gives "cannot write plot 'PATH': …".</param>
    public static void Write(string path, string what, Action<string> write)
    {
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            write(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write {what} '{path}': {e.Message}; choose a writable path");
        }
    }
}
