namespace MicroMorph.HelpCompiler;

/// <summary>
/// Compiles a docs folder: every cmdlet page (*.md other than about_*.md) into the MAML file its
/// front matter names ("external help file"), and every about_*.md into about_*.help.txt. Guide pages,
/// whose names start with a lower-case letter (scaling-out.md), are for readers of the repository and
/// are not compiled; cmdlet pages are named Verb-Noun.
/// </summary>
public static class HelpCompiler
{
    /// <summary>True for a guide page (e.g. scaling-out.md): not help, not compiled.</summary>
    public static bool IsGuide(string file) => Path.GetFileName(file) is [var first, ..] && char.IsLower(first) && !Path.GetFileName(file).StartsWith("about_", StringComparison.OrdinalIgnoreCase);

    /// <summary>Output file name -> content, in a stable order.</summary>
    public static IReadOnlyDictionary<string, string> Compile(string docsDirectory)
    {
        var files = Directory.GetFiles(docsDirectory, "*.md").Where(f => !IsGuide(f)).Order(StringComparer.Ordinal).ToArray();
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pages = new List<CommandHelp>();
        foreach (string file in files)
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                result[name + ".help.txt"] = AboutTopicWriter.Convert(File.ReadAllText(file));
                continue;
            }

            var page = MarkdownHelpReader.ReadFile(file);
            if (!page.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpFormatException(Path.GetFileName(file), 1, $"The page is named '{page.Name}' but its file is '{name}.md'.");
            }

            if (page.ExternalHelpFile.Length == 0)
            {
                throw new HelpFormatException(Path.GetFileName(file), 1, "The front matter has no 'external help file:'.");
            }

            pages.Add(page);
        }

        foreach (var group in pages.GroupBy(p => p.ExternalHelpFile, StringComparer.OrdinalIgnoreCase))
        {
            result[group.Key] = MamlWriter.Write(group.OrderBy(p => p.Name, StringComparer.Ordinal));
        }

        return result;
    }

    /// <summary>The cmdlet pages of a docs folder, read.</summary>
    public static IReadOnlyList<CommandHelp> ReadCommands(string docsDirectory) =>
        Directory.GetFiles(docsDirectory, "*.md")
            .Where(f => !Path.GetFileName(f).StartsWith("about_", StringComparison.OrdinalIgnoreCase) && !IsGuide(f))
            .Order(StringComparer.Ordinal)
            .Select(MarkdownHelpReader.ReadFile)
            .ToArray();

    /// <summary>Writes the compiled files into <paramref name="outputDirectory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string docsDirectory, string outputDirectory)
    {
        var compiled = Compile(docsDirectory);
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        foreach (var (name, content) in compiled)
        {
            string path = Path.Combine(outputDirectory, name);
            File.WriteAllText(path, content);
            written.Add(path);
        }

        return written;
    }
}
