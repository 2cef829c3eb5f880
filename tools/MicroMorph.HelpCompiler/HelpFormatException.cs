namespace MicroMorph.HelpCompiler;

/// <summary>A markdown help page that does not follow the PlatyPS schema; the message names the file and line.</summary>
public sealed class HelpFormatException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}
