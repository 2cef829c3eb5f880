using System.Text;

namespace MicroMorph.HelpCompiler;

/// <summary>
/// Turns an about topic in markdown (# about_Name, ## SHORT DESCRIPTION, ## LONG DESCRIPTION, ...)
/// into the plain-text about_Name.help.txt that Get-Help shows: headings in capitals at the left
/// margin, text wrapped at 80 columns and indented by four spaces, code and tables kept verbatim.
/// </summary>
public static class AboutTopicWriter
{
    private const int Width = 80;
    private const string Indent = "    ";

    public static string Convert(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var output = new StringBuilder();
        var paragraph = new List<string>();
        bool fence = false;

        void Flush()
        {
            if (paragraph.Count == 0)
            {
                return;
            }

            string first = paragraph[0].TrimStart();
            if (first.StartsWith('|'))
            {
                foreach (string row in paragraph)
                {
                    output.Append(Indent).Append(row.Trim()).Append('\n');
                }
            }
            else
            {
                bool item = first.StartsWith("- ", StringComparison.Ordinal) || first.StartsWith("* ", StringComparison.Ordinal);
                string text = string.Join(" ", paragraph.Select(l => l.Trim()));
                if (item)
                {
                    Wrap(output, text[2..], Indent + "- ", Indent + "  ");
                }
                else
                {
                    Wrap(output, text, Indent, Indent);
                }
            }

            paragraph.Clear();
        }

        foreach (string line in lines)
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                if (fence)
                {
                    output.Append('\n');
                }

                fence = !fence;
                continue;
            }

            if (fence)
            {
                output.Append(line.Length == 0 ? string.Empty : Indent + Indent + line).Append('\n');
                continue;
            }

            if (trimmed.StartsWith('#'))
            {
                Flush();
                int level = trimmed.TakeWhile(c => c == '#').Count();
                string title = trimmed[level..].Trim();
                if (level == 1)
                {
                    output.Append("TOPIC\n").Append(Indent).Append(title).Append("\n\n");
                }
                else if (level == 2)
                {
                    output.Append(title.ToUpperInvariant()).Append('\n');
                }
                else
                {
                    output.Append(Indent).Append(title.ToUpperInvariant()).Append('\n');
                }

                continue;
            }

            if (trimmed.Length == 0)
            {
                Flush();
                if (output.Length > 0 && !output.ToString().EndsWith("\n\n", StringComparison.Ordinal))
                {
                    output.Append('\n');
                }

                continue;
            }

            bool newItem = trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("* ", StringComparison.Ordinal);
            if (newItem || (trimmed.StartsWith('|') && paragraph.Count > 0 && !paragraph[0].TrimStart().StartsWith('|')))
            {
                Flush();
            }

            paragraph.Add(line);
        }

        Flush();
        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static void Wrap(StringBuilder output, string text, string firstIndent, string indent)
    {
        string prefix = firstIndent;
        var line = new StringBuilder();
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && prefix.Length + line.Length + 1 + word.Length > Width)
            {
                output.Append(prefix).Append(line).Append('\n');
                line.Clear();
                prefix = indent;
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            output.Append(prefix).Append(line).Append('\n');
        }
    }
}
