namespace MicroMorph.HelpCompiler;

/// <summary>
/// The help of one cmdlet as a PlatyPS-schema markdown page describes it; the reader fills it,
/// the MAML writer renders it. Paragraph lists hold one entry per markdown paragraph.
/// </summary>
public sealed class CommandHelp
{
    public required string Name { get; init; }

    /// <summary>Front matter (external help file, Module Name, online version, schema).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public string ExternalHelpFile => Metadata.TryGetValue("external help file", out var f) ? f : string.Empty;

    public string OnlineVersion => Metadata.TryGetValue("online version", out var v) ? v : string.Empty;

    public string Synopsis { get; set; } = string.Empty;

    public List<SyntaxHelp> Syntax { get; } = [];

    public List<string> Description { get; } = [];

    public List<ExampleHelp> Examples { get; } = [];

    public List<ParameterHelp> Parameters { get; } = [];

    /// <summary>True when the page has a "### CommonParameters" entry.</summary>
    public bool SupportsCommonParameters { get; set; }

    public List<TypeHelp> Inputs { get; } = [];

    public List<TypeHelp> Outputs { get; } = [];

    public List<string> Notes { get; } = [];

    public List<LinkHelp> RelatedLinks { get; } = [];

    public string Verb => Name.Split('-', 2)[0];

    public string Noun => Name.Contains('-') ? Name.Split('-', 2)[1] : string.Empty;
}

/// <summary>One "### SetName" block of the SYNTAX section.</summary>
public sealed record SyntaxHelp(string ParameterSetName, bool IsDefault, string Text)
{
    /// <summary>Parameter names in the order the syntax text shows them.</summary>
    public IReadOnlyList<string> ParameterNamesInOrder =>
        System.Text.RegularExpressions.Regex.Matches(Text, @"-(\w+)").Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
}

/// <summary>One "### Example N: title" entry; its code blocks keep their language (powershell, Output).</summary>
public sealed record ExampleHelp(string Title, IReadOnlyList<string> Introduction, IReadOnlyList<ExampleCode> CodeBlocks, IReadOnlyList<string> Remarks)
{
    /// <summary>All code blocks, as MAML's single dev:code element shows them.</summary>
    public string Code => string.Join("\n\n", CodeBlocks.Select(c => c.Text));
}

public sealed record ExampleCode(string Language, string Text);

/// <summary>One "### -Name" entry: its description and one metadata block per group of parameter sets.</summary>
public sealed class ParameterHelp
{
    public required string Name { get; init; }

    public List<string> Description { get; } = [];

    public List<ParameterMetadataHelp> MetadataBlocks { get; } = [];

    /// <summary>The block that applies to <paramref name="parameterSetName"/>, or null when the parameter is not in that set.</summary>
    public ParameterMetadataHelp? For(string parameterSetName) =>
        MetadataBlocks.FirstOrDefault(b => b.ParameterSets.Contains(parameterSetName, StringComparer.OrdinalIgnoreCase))
        ?? MetadataBlocks.FirstOrDefault(b => b.AppliesToAllSets);
}

/// <summary>The ```yaml block of a parameter (PlatyPS keys).</summary>
public sealed record ParameterMetadataHelp
{
    public string Type { get; init; } = string.Empty;

    /// <summary>Set names; "(All)" stands for every set.</summary>
    public IReadOnlyList<string> ParameterSets { get; init; } = ["(All)"];

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public IReadOnlyList<string> AcceptedValues { get; init; } = [];

    public bool Required { get; init; }

    /// <summary>"Named" or a zero-based position.</summary>
    public string Position { get; init; } = "Named";

    public string DefaultValue { get; init; } = "None";

    /// <summary>"False", "True (ByValue)", "True (ByPropertyName)" or "True (ByValue, ByPropertyName)".</summary>
    public string PipelineInput { get; init; } = "False";

    public bool AcceptWildcardCharacters { get; init; }

    public bool AppliesToAllSets => ParameterSets.Any(s => s.Equals("(All)", StringComparison.OrdinalIgnoreCase));

    public bool IsSwitch => Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An INPUTS or OUTPUTS entry: "### TypeName" and its description.</summary>
public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

public sealed record LinkHelp(string Text, string Uri);
