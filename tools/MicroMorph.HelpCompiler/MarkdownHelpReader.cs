using System.Text;
using System.Text.RegularExpressions;

namespace MicroMorph.HelpCompiler;

/// <summary>
/// Reads one cmdlet page in the PlatyPS markdown schema 2.0.0 (as platyPS 0.14 writes it) into a
/// <see cref="CommandHelp"/>. Structural mistakes (a missing section, a parameter without its
/// yaml block, an unknown yaml key) throw <see cref="HelpFormatException"/> with the line.
/// </summary>
public static partial class MarkdownHelpReader
{
    private static readonly string[] Sections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    private static readonly string[] YamlKeys =
        ["Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters"];

    public static CommandHelp ReadFile(string path) => Read(File.ReadAllText(path), Path.GetFileName(path));

    public static CommandHelp Read(string markdown, string fileName)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int i = 0;
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
            {
                int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    metadata[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
                }
            }

            if (i == lines.Length)
            {
                throw new HelpFormatException(fileName, 1, "The YAML front matter is not closed with '---'.");
            }

            i++;
        }

        while (i < lines.Length && !lines[i].StartsWith("# ", StringComparison.Ordinal))
        {
            if (lines[i].Trim().Length > 0)
            {
                throw new HelpFormatException(fileName, i + 1, "Expected '# <Cmdlet-Name>' after the front matter.");
            }

            i++;
        }

        if (i == lines.Length)
        {
            throw new HelpFormatException(fileName, 1, "No '# <Cmdlet-Name>' heading.");
        }

        var help = new CommandHelp { Name = lines[i][2..].Trim(), Metadata = metadata };
        var sections = SplitSections(lines, i + 1, fileName);
        foreach (string required in Sections)
        {
            if (!sections.ContainsKey(required))
            {
                throw new HelpFormatException(fileName, lines.Length, $"The section '## {required}' is missing.");
            }
        }

        help.Synopsis = string.Join(" ", Paragraphs(sections["SYNOPSIS"], fileName));
        ReadSyntax(help, sections["SYNTAX"], fileName);
        help.Description.AddRange(Paragraphs(sections["DESCRIPTION"], fileName));
        ReadExamples(help, sections["EXAMPLES"], fileName);
        ReadParameters(help, sections["PARAMETERS"], fileName);
        help.Inputs.AddRange(ReadTypes(sections["INPUTS"], fileName));
        help.Outputs.AddRange(ReadTypes(sections["OUTPUTS"], fileName));
        help.Notes.AddRange(Paragraphs(sections["NOTES"], fileName));
        foreach (var block in sections["RELATED LINKS"].Where(b => b.Kind == BlockKind.Paragraph))
        {
            foreach (Match m in LinkPattern().Matches(block.Text))
            {
                help.RelatedLinks.Add(new LinkHelp(m.Groups["text"].Value.Trim(), m.Groups["uri"].Value.Trim()));
            }
        }

        return help;
    }

    private static Dictionary<string, List<Block>> SplitSections(string[] lines, int start, string fileName)
    {
        var sections = new Dictionary<string, List<Block>>(StringComparer.Ordinal);
        string? current = null;
        int from = start;
        for (int i = start; i <= lines.Length; i++)
        {
            bool heading = i < lines.Length && lines[i].StartsWith("## ", StringComparison.Ordinal) && !InFence(lines, start, i);
            if (i == lines.Length || heading)
            {
                if (current is not null)
                {
                    sections[current] = Tokenize(lines, from, i, fileName);
                }
                else if (lines.Skip(from).Take(i - from).Any(l => l.Trim().Length > 0))
                {
                    throw new HelpFormatException(fileName, from + 1, "Text before the first '## ' section.");
                }

                if (i == lines.Length)
                {
                    break;
                }

                current = lines[i][3..].Trim();
                if (!Sections.Contains(current))
                {
                    throw new HelpFormatException(fileName, i + 1, $"Unknown section '## {current}'; the schema has {string.Join(", ", Sections)}.");
                }

                if (sections.ContainsKey(current))
                {
                    throw new HelpFormatException(fileName, i + 1, $"The section '## {current}' appears twice.");
                }

                from = i + 1;
            }
        }

        return sections;
    }

    private static bool InFence(string[] lines, int start, int index) =>
        lines.Skip(start).Take(index - start).Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2 == 1;

    /// <summary>Splits a section into ### headings, fenced code blocks and paragraphs (list items and table rows kept apart).</summary>
    private static List<Block> Tokenize(string[] lines, int from, int to, string fileName)
    {
        var blocks = new List<Block>();
        var paragraph = new List<string>();
        int paragraphLine = 0;

        void Flush()
        {
            if (paragraph.Count > 0)
            {
                bool table = paragraph[0].StartsWith('|');
                blocks.Add(new Block(BlockKind.Paragraph, Unescape(string.Join(table ? "\n" : " ", paragraph)), string.Empty, paragraphLine));
                paragraph.Clear();
            }
        }

        for (int i = from; i < to; i++)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                string language = trimmed[3..].Trim();
                int open = i;
                var code = new List<string>();
                for (i++; i < to && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
                {
                    code.Add(lines[i]);
                }

                if (i == to)
                {
                    throw new HelpFormatException(fileName, open + 1, "A code block is not closed with ```.");
                }

                blocks.Add(new Block(BlockKind.Code, string.Join("\n", code).TrimEnd(), language, open + 1));
            }
            else if (trimmed.StartsWith("### ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new Block(BlockKind.Heading, trimmed[4..].Trim(), string.Empty, i + 1));
            }
            else if (trimmed.Length == 0)
            {
                Flush();
            }
            else
            {
                bool listItem = ListItemPattern().IsMatch(line);
                bool tableRow = trimmed.StartsWith('|');
                if (paragraph.Count > 0 && (listItem || tableRow != paragraph[0].StartsWith('|')))
                {
                    Flush();
                }

                if (paragraph.Count == 0)
                {
                    paragraphLine = i + 1;
                }

                paragraph.Add(tableRow ? trimmed : line.Trim());
            }
        }

        Flush();
        return blocks;
    }

    private static List<string> Paragraphs(List<Block> blocks, string fileName)
    {
        var result = new List<string>();
        foreach (var b in blocks)
        {
            if (b.Kind == BlockKind.Heading)
            {
                throw new HelpFormatException(fileName, b.Line, $"Unexpected '### {b.Text}' in this section.");
            }

            result.Add(b.Text);
        }

        return result;
    }

    private static void ReadSyntax(CommandHelp help, List<Block> blocks, string fileName)
    {
        for (int k = 0; k < blocks.Count; k++)
        {
            var b = blocks[k];
            if (b.Kind != BlockKind.Heading || k + 1 >= blocks.Count || blocks[k + 1].Kind != BlockKind.Code)
            {
                throw new HelpFormatException(fileName, b.Line, "SYNTAX holds '### SetName' headings, each followed by one ``` block.");
            }

            string name = b.Text;
            bool isDefault = name.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
            if (isDefault)
            {
                name = name[..^"(Default)".Length].Trim();
            }

            help.Syntax.Add(new SyntaxHelp(name, isDefault, blocks[++k].Text));
        }

        if (help.Syntax.Count == 0)
        {
            throw new HelpFormatException(fileName, 1, "SYNTAX has no parameter set.");
        }
    }

    private static void ReadExamples(CommandHelp help, List<Block> blocks, string fileName)
    {
        string? title = null;
        int titleLine = 0;
        var intro = new List<string>();
        var code = new List<ExampleCode>();
        var remarks = new List<string>();

        void Finish()
        {
            if (title is null)
            {
                return;
            }

            if (code.Count == 0)
            {
                throw new HelpFormatException(fileName, titleLine, $"The example '{title}' has no code block.");
            }

            help.Examples.Add(new ExampleHelp(title, [.. intro], [.. code], [.. remarks]));
            intro.Clear();
            code.Clear();
            remarks.Clear();
        }

        foreach (var b in blocks)
        {
            switch (b.Kind)
            {
                case BlockKind.Heading:
                    Finish();
                    title = b.Text;
                    titleLine = b.Line;
                    break;
                case BlockKind.Code when title is not null:
                    code.Add(new ExampleCode(b.Language, b.Text));
                    break;
                case BlockKind.Paragraph when title is not null:
                    (code.Count == 0 ? intro : remarks).Add(b.Text);
                    break;
                default:
                    throw new HelpFormatException(fileName, b.Line, "EXAMPLES holds '### Example N: title' headings, each with a code block.");
            }
        }

        Finish();
    }

    private static void ReadParameters(CommandHelp help, List<Block> blocks, string fileName)
    {
        ParameterHelp? current = null;
        bool common = false;
        foreach (var b in blocks)
        {
            if (b.Kind == BlockKind.Heading)
            {
                Check(current, fileName, b.Line);
                current = null;
                common = false;
                if (b.Text.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
                {
                    help.SupportsCommonParameters = true;
                    common = true;
                }
                else if (b.Text.StartsWith('-'))
                {
                    current = new ParameterHelp { Name = b.Text[1..].Trim() };
                    if (help.Parameters.Any(p => p.Name.Equals(current.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new HelpFormatException(fileName, b.Line, $"The parameter -{current.Name} is documented twice.");
                    }

                    help.Parameters.Add(current);
                }
                else
                {
                    throw new HelpFormatException(fileName, b.Line, $"A parameter heading is '### -Name' or '### CommonParameters', not '### {b.Text}'.");
                }
            }
            else if (common)
            {
                // The standard CommonParameters paragraph: not part of the model.
            }
            else if (current is null)
            {
                throw new HelpFormatException(fileName, b.Line, "Text in PARAMETERS before the first '### -Name'.");
            }
            else if (b.Kind == BlockKind.Code && b.Language.Equals("yaml", StringComparison.OrdinalIgnoreCase))
            {
                current.MetadataBlocks.Add(ReadYaml(b, fileName));
            }
            else if (current.MetadataBlocks.Count > 0)
            {
                throw new HelpFormatException(fileName, b.Line, $"The description of -{current.Name} must come before its ```yaml block.");
            }
            else
            {
                current.Description.Add(b.Text);
            }
        }

        Check(current, fileName, blocks.LastOrDefault()?.Line ?? 1);
    }

    private static void Check(ParameterHelp? parameter, string fileName, int line)
    {
        if (parameter is not null && parameter.MetadataBlocks.Count == 0)
        {
            throw new HelpFormatException(fileName, line, $"The parameter -{parameter.Name} has no ```yaml block.");
        }
    }

    private static ParameterMetadataHelp ReadYaml(Block block, string fileName)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, n) in block.Text.Split('\n').Select((l, n) => (l, n)))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string key = colon > 0 ? line[..colon].Trim() : string.Empty;
            if (!YamlKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new HelpFormatException(fileName, block.Line + 1 + n, $"Unknown parameter metadata '{line.Trim()}'; the keys are {string.Join(", ", YamlKeys)}.");
            }

            values[key] = line[(colon + 1)..].Trim();
        }

        foreach (string key in YamlKeys.Where(k => k != "Accepted values"))
        {
            if (!values.ContainsKey(key))
            {
                throw new HelpFormatException(fileName, block.Line, $"The parameter metadata lacks '{key}:'.");
            }
        }

        return new ParameterMetadataHelp
        {
            Type = values["Type"],
            ParameterSets = List(values["Parameter Sets"]),
            Aliases = List(values["Aliases"]),
            AcceptedValues = values.TryGetValue("Accepted values", out var accepted) ? List(accepted) : [],
            Required = Bool(values["Required"], "Required", fileName, block.Line),
            Position = values["Position"].Equals("Named", StringComparison.OrdinalIgnoreCase) ? "Named" : values["Position"],
            DefaultValue = values["Default value"],
            PipelineInput = values["Accept pipeline input"],
            AcceptWildcardCharacters = Bool(values["Accept wildcard characters"], "Accept wildcard characters", fileName, block.Line),
        };
    }

    private static IReadOnlyList<string> List(string value) =>
        value.Equals("None", StringComparison.OrdinalIgnoreCase) || value.Length == 0
            ? []
            : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool Bool(string value, string key, string fileName, int line) =>
        bool.TryParse(value, out bool b) ? b : throw new HelpFormatException(fileName, line, $"'{key}: {value}' is not True or False.");

    private static IEnumerable<TypeHelp> ReadTypes(List<Block> blocks, string fileName)
    {
        var result = new List<TypeHelp>();
        string? type = null;
        var description = new List<string>();
        foreach (var b in blocks)
        {
            if (b.Kind == BlockKind.Heading)
            {
                if (type is not null)
                {
                    result.Add(new TypeHelp(type, [.. description]));
                }

                type = b.Text;
                description.Clear();
            }
            else if (type is null)
            {
                throw new HelpFormatException(fileName, b.Line, "INPUTS and OUTPUTS hold '### TypeName' headings with a description.");
            }
            else
            {
                description.Add(b.Text);
            }
        }

        if (type is not null)
        {
            result.Add(new TypeHelp(type, [.. description]));
        }

        return result;
    }

    /// <summary>Removes markdown backslash escapes (\&lt; \[ \* \_ ...) from paragraph text.</summary>
    private static string Unescape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]) is false && !char.IsWhiteSpace(text[i + 1]))
            {
                i++;
            }

            sb.Append(text[i]);
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^\s*([-*]|\d+\.)\s+")]
    private static partial Regex ListItemPattern();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)")]
    private static partial Regex LinkPattern();

    private enum BlockKind
    {
        Paragraph,
        Code,
        Heading,
    }

    private sealed record Block(BlockKind Kind, string Text, string Language, int Line);
}
