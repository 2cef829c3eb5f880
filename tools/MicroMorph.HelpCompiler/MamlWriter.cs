using System.Text;
using System.Xml;

namespace MicroMorph.HelpCompiler;

/// <summary>
/// Writes <see cref="CommandHelp"/> pages as one MAML help file (the layout platyPS 0.14's
/// New-ExternalHelp produces), which Get-Help reads from en-US/ beside the module.
/// </summary>
public static class MamlWriter
{
    private const string Msh = "http://msh";
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private const string MsHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>The MAML text (UTF-8, LF line ends) for the commands, in the given order.</summary>
    public static string Write(IEnumerable<CommandHelp> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("helpItems", Msh);
            xml.WriteAttributeString("schema", "maml");
            foreach (var command in commands)
            {
                WriteCommand(xml, command);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteCommand(XmlWriter xml, CommandHelp help)
    {
        xml.WriteStartElement("command", "command", Command);
        xml.WriteAttributeString("xmlns", "maml", null, Maml);
        xml.WriteAttributeString("xmlns", "command", null, Command);
        xml.WriteAttributeString("xmlns", "dev", null, Dev);
        xml.WriteAttributeString("xmlns", "MSHelp", null, MsHelp);

        xml.WriteStartElement("command", "details", Command);
        xml.WriteElementString("command", "name", Command, help.Name);
        xml.WriteElementString("command", "verb", Command, help.Verb);
        xml.WriteElementString("command", "noun", Command, help.Noun);
        Description(xml, [help.Synopsis]);
        xml.WriteEndElement();

        Description(xml, help.Description);

        xml.WriteStartElement("command", "syntax", Command);
        foreach (var set in help.Syntax)
        {
            xml.WriteStartElement("command", "syntaxItem", Command);
            xml.WriteElementString("maml", "name", Maml, help.Name);
            foreach (var (parameter, metadata) in SyntaxParameters(help, set))
            {
                Parameter(xml, parameter, metadata, inSyntax: true);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("command", "parameters", Command);
        foreach (var parameter in help.Parameters)
        {
            Parameter(xml, parameter, parameter.MetadataBlocks[0], inSyntax: false);
        }

        xml.WriteEndElement();

        Types(xml, "inputTypes", "inputType", help.Inputs);
        Types(xml, "returnValues", "returnValue", help.Outputs);

        xml.WriteStartElement("maml", "alertSet", Maml);
        xml.WriteStartElement("maml", "alert", Maml);
        Paragraphs(xml, help.Notes);
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("command", "examples", Command);
        foreach (var example in help.Examples)
        {
            xml.WriteStartElement("command", "example", Command);
            xml.WriteElementString("maml", "title", Maml, ExampleTitle(example.Title));
            xml.WriteElementString("dev", "code", Dev, example.Code);
            xml.WriteStartElement("dev", "remarks", Dev);
            Paragraphs(xml, [.. example.Introduction, .. example.Remarks]);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("command", "relatedLinks", Command);
        if (help.OnlineVersion.Length > 0)
        {
            Link(xml, "Online Version:", help.OnlineVersion);
        }

        foreach (var link in help.RelatedLinks)
        {
            // Links between pages (Export-VoxelStack.md) mean nothing in a console: keep the name only.
            Link(xml, link.Text, link.Uri.Contains("://", StringComparison.Ordinal) ? link.Uri : string.Empty);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>The parameters of one set, in the order the syntax text shows them, then any others of the set.</summary>
    private static IEnumerable<(ParameterHelp, ParameterMetadataHelp)> SyntaxParameters(CommandHelp help, SyntaxHelp set)
    {
        var inSet = help.Parameters
            .Select(p => (Parameter: p, Metadata: p.For(set.ParameterSetName)))
            .Where(x => x.Metadata is not null)
            .ToList();
        var order = set.ParameterNamesInOrder.ToList();
        return inSet
            .OrderBy(x => order.FindIndex(n => n.Equals(x.Parameter.Name, StringComparison.OrdinalIgnoreCase)) is int k && k >= 0 ? k : int.MaxValue)
            .Select(x => (x.Parameter, x.Metadata!));
    }

    private static void Parameter(XmlWriter xml, ParameterHelp parameter, ParameterMetadataHelp m, bool inSyntax)
    {
        xml.WriteStartElement("command", "parameter", Command);
        xml.WriteAttributeString("required", m.Required ? "true" : "false");
        xml.WriteAttributeString("variableLength", "true");
        xml.WriteAttributeString("globbing", m.AcceptWildcardCharacters ? "true" : "false");
        xml.WriteAttributeString("pipelineInput", m.PipelineInput);
        xml.WriteAttributeString("position", m.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : m.Position);
        xml.WriteAttributeString("aliases", m.Aliases.Count == 0 ? "none" : string.Join(", ", m.Aliases));
        xml.WriteElementString("maml", "name", Maml, parameter.Name);
        Description(xml, parameter.Description);
        if (m.AcceptedValues.Count > 0)
        {
            xml.WriteStartElement("command", "parameterValueGroup", Command);
            foreach (string value in m.AcceptedValues)
            {
                xml.WriteStartElement("command", "parameterValue", Command);
                xml.WriteAttributeString("required", "false");
                xml.WriteAttributeString("command", "variableLength", Command, "false");
                xml.WriteString(value);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        if (!(inSyntax && m.IsSwitch))
        {
            xml.WriteStartElement("command", "parameterValue", Command);
            xml.WriteAttributeString("required", m.IsSwitch ? "false" : "true");
            xml.WriteAttributeString("variableLength", "false");
            xml.WriteString(m.Type);
            xml.WriteEndElement();
        }

        xml.WriteStartElement("dev", "type", Dev);
        xml.WriteElementString("maml", "name", Maml, m.Type);
        xml.WriteElementString("maml", "uri", Maml, string.Empty);
        xml.WriteEndElement();
        xml.WriteElementString("dev", "defaultValue", Dev, m.DefaultValue);
        xml.WriteEndElement();
    }

    private static void Types(XmlWriter xml, string listElement, string itemElement, IReadOnlyList<TypeHelp> types)
    {
        xml.WriteStartElement("command", listElement, Command);
        foreach (var type in types)
        {
            xml.WriteStartElement("command", itemElement, Command);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, type.TypeName);
            xml.WriteEndElement();
            Description(xml, type.Description);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string text, string uri)
    {
        xml.WriteStartElement("maml", "navigationLink", Maml);
        xml.WriteElementString("maml", "linkText", Maml, text);
        xml.WriteElementString("maml", "uri", Maml, uri);
        xml.WriteEndElement();
    }

    private static void Description(XmlWriter xml, IEnumerable<string> paragraphs)
    {
        xml.WriteStartElement("maml", "description", Maml);
        Paragraphs(xml, paragraphs);
        xml.WriteEndElement();
    }

    private static void Paragraphs(XmlWriter xml, IEnumerable<string> paragraphs)
    {
        foreach (string p in paragraphs)
        {
            xml.WriteElementString("maml", "para", Maml, p);
        }
    }

    /// <summary>platyPS pads example titles with dashes: "---------- Example 1: Crop ----------".</summary>
    private static string ExampleTitle(string title)
    {
        int dashes = Math.Max(2, (64 - title.Length - 2) / 2);
        string side = new('-', dashes);
        return $"{side} {title} {side}";
    }
}
