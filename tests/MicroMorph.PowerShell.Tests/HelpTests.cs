using System.Management.Automation;
using System.Management.Automation.Language;
using MicroMorph.HelpCompiler;

namespace MicroMorph.PowerShell.Tests;

/// <summary>
/// Help is part of the product: docs/ (PlatyPS markdown) must match the cmdlets, the committed MAML
/// must match docs/, and Get-Help must show complete help for every exported cmdlet.
/// </summary>
public sealed class HelpTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string RunConverter = "Run: dotnet run --project tools/MicroMorph.HelpCompiler -- docs module/en-US (or ./build.ps1 Help), then commit module/en-US.";

    private static string Docs => Path.Combine(Repository.Root, "docs");

    private static string HelpOutput => Path.Combine(Repository.Root, "module", "en-US");

    public static TheoryData<string> Cmdlets()
    {
        var data = new TheoryData<string>();
        foreach (var name in CmdletNames)
        {
            data.Add(name);
        }

        return data;
    }

    // The manifest's export list, read from MicroMorph.psd1 (ModuleTests checks it equals the compiled cmdlets).
    private static readonly string[] CmdletNames = ReadManifestExports();

    private static string[] ReadManifestExports()
    {
        var ast = System.Management.Automation.Language.Parser.ParseFile(Repository.Manifest, out _, out var errors);
        Assert.Empty(errors);
        var table = (System.Management.Automation.Language.HashtableAst)ast.Find(a => a is System.Management.Automation.Language.HashtableAst, searchNestedScriptBlocks: false)!;
        var entry = table.KeyValuePairs.Single(kv => string.Equals(kv.Item1.Extent.Text, "CmdletsToExport", StringComparison.OrdinalIgnoreCase));
        return entry.Item2.FindAll(a => a is System.Management.Automation.Language.StringConstantExpressionAst, searchNestedScriptBlocks: false)
            .Select(a => ((System.Management.Automation.Language.StringConstantExpressionAst)a).Value)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    [Fact]
    public void CommittedHelpIsCompiledFromTheCurrentDocs()
    {
        var compiled = HelpCompiler.HelpCompiler.Compile(Docs);
        foreach (var (name, content) in compiled)
        {
            string path = Path.Combine(HelpOutput, name);
            Assert.True(File.Exists(path), $"module/en-US/{name} is missing. {RunConverter}");
            string committed = File.ReadAllText(path).ReplaceLineEndings("\n");
            if (committed != content)
            {
                int at = Enumerable.Range(0, Math.Min(committed.Length, content.Length)).FirstOrDefault(i => committed[i] != content[i], Math.Min(committed.Length, content.Length));
                int line = committed.Take(at).Count(c => c == '\n') + 1;
                Assert.Fail($"module/en-US/{name} differs from what docs/ compiles to (first difference at line {line}). {RunConverter}");
            }
        }

        var stale = Directory.GetFiles(HelpOutput).Select(Path.GetFileName).Where(f => !compiled.ContainsKey(f!)).ToArray();
        Assert.True(stale.Length == 0, $"module/en-US holds files no docs page produces: {string.Join(", ", stale)}. Delete them or add their markdown to docs/.");
    }

    [Fact]
    public void EveryExportedCmdletHasADocsPageAndNoPageIsOrphaned()
    {
        var exported = session.RunClean("Get-Command -Module MicroMorph | ForEach-Object Name").Select(o => o.ToString()).Order().ToArray();
        Assert.Equal(CmdletNames, exported);
        var pages = HelpCompiler.HelpCompiler.ReadCommands(Docs).Select(p => p.Name).Order().ToArray();
        Assert.Equal(exported, pages);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void DocsParametersMatchTheCmdlet(string cmdlet)
    {
        var page = Page(cmdlet);
        var info = (CmdletInfo)session.RunClean($"Get-Command {cmdlet}").Single().BaseObject;
        var problems = new List<string>();

        var real = info.Parameters.Keys.Where(n => !PSCmdlet.CommonParameters.Contains(n)).Order().ToArray();
        var documented = page.Parameters.Select(p => p.Name).Order().ToArray();
        foreach (var missing in real.Except(documented, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"-{missing} exists but docs/{cmdlet}.md does not document it.");
        }

        foreach (var extra in documented.Except(real, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"docs/{cmdlet}.md documents -{extra}, which the cmdlet does not have.");
        }

        Assert.True(page.SupportsCommonParameters, $"docs/{cmdlet}.md lacks '### CommonParameters'.");

        var realSets = info.ParameterSets.Select(s => s.Name).ToArray();
        var docSets = page.Syntax.Select(s => s.ParameterSetName).ToArray();
        if (!realSets.Order().SequenceEqual(docSets.Order()))
        {
            problems.Add($"SYNTAX shows the sets [{string.Join(", ", docSets)}]; the cmdlet has [{string.Join(", ", realSets)}].");
        }

        var defaultSet = info.ParameterSets.SingleOrDefault(s => s.IsDefault)?.Name ?? info.DefaultParameterSet;
        if (realSets.Length > 1 && page.Syntax.SingleOrDefault(s => s.IsDefault)?.ParameterSetName != defaultSet)
        {
            problems.Add($"SYNTAX must mark '### {defaultSet} (Default)'.");
        }

        foreach (var set in info.ParameterSets)
        {
            foreach (var p in set.Parameters.Where(p => !PSCmdlet.CommonParameters.Contains(p.Name)))
            {
                var doc = page.Parameters.FirstOrDefault(d => d.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase));
                if (doc is null)
                {
                    continue;
                }

                var m = doc.For(set.Name);
                if (m is null)
                {
                    problems.Add($"-{p.Name}: no yaml block names the parameter set '{set.Name}' (or '(All)').");
                    continue;
                }

                Expect(problems, p.Name, set.Name, "Type", TypeName(p.ParameterType), m.Type);
                Expect(problems, p.Name, set.Name, "Required", p.IsMandatory ? "True" : "False", m.Required ? "True" : "False");
                Expect(problems, p.Name, set.Name, "Position", p.Position == int.MinValue ? "Named" : p.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Position);
                Expect(problems, p.Name, set.Name, "Accept pipeline input", PipelineInput(p), m.PipelineInput);
                Expect(problems, p.Name, set.Name, "Aliases", string.Join(", ", p.Aliases.Order(StringComparer.OrdinalIgnoreCase)), string.Join(", ", m.Aliases.Order(StringComparer.OrdinalIgnoreCase)));
                Expect(problems, p.Name, set.Name, "Accept wildcard characters", p.Attributes.OfType<SupportsWildcardsAttribute>().Any() ? "True" : "False", m.AcceptWildcardCharacters ? "True" : "False");
                // An enum, a nullable enum or an array of an enum lists its names.
                var elementType = p.ParameterType.IsArray ? p.ParameterType.GetElementType()! : p.ParameterType;
                var enumType = Nullable.GetUnderlyingType(elementType) ?? elementType;
                var accepted = enumType.IsEnum ? Enum.GetNames(enumType) : p.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault()?.ValidValues.ToArray() ?? [];
                Expect(problems, p.Name, set.Name, "Accepted values", string.Join(", ", accepted), string.Join(", ", m.AcceptedValues));
            }
        }

        foreach (var doc in page.Parameters)
        {
            foreach (var block in doc.MetadataBlocks)
            {
                foreach (var s in block.ParameterSets.Where(s => s != "(All)" && !realSets.Contains(s)))
                {
                    problems.Add($"-{doc.Name}: the yaml names a parameter set '{s}' that the cmdlet does not have.");
                }
            }
        }

        Assert.True(problems.Count == 0, $"docs/{cmdlet}.md does not match the cmdlet:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void GetHelpShowsCompleteHelp(string cmdlet)
    {
        var help = session.RunClean($$"""
            $h = Get-Help {{cmdlet}} -Full
            [pscustomobject]@{
                Synopsis    = [string]$h.Synopsis
                Description = (@($h.description) | ForEach-Object { $_.Text }) -join "`n"
                Examples    = @($h.examples.example | Where-Object { "$($_.code)".Trim() } | ForEach-Object { [string]$_.code })
                Parameters  = @($h.parameters.parameter | ForEach-Object { [pscustomobject]@{ Name = [string]$_.name; Text = (@($_.description) | ForEach-Object { $_.Text }) -join "`n" } })
            }
            """).Single();
        string synopsis = (string)help.Properties["Synopsis"].Value;
        Assert.False(string.IsNullOrWhiteSpace(synopsis), $"Get-Help {cmdlet}: empty synopsis.");
        Assert.False(synopsis.Contains("<CommonParameters>", StringComparison.Ordinal), $"Get-Help {cmdlet}: no MAML help was found (the synopsis is the generated syntax). {RunConverter}");
        Assert.False(string.IsNullOrWhiteSpace((string)help.Properties["Description"].Value), $"Get-Help {cmdlet}: empty description.");
        Assert.NotEmpty((object[])help.Properties["Examples"].Value);

        var real = session.RunClean($"(Get-Command {cmdlet}).Parameters.Keys").Select(o => o.ToString()!).Where(n => !PSCmdlet.CommonParameters.Contains(n)).ToArray();
        var shown = ((object[])help.Properties["Parameters"].Value).Cast<PSObject>()
            .ToDictionary(p => (string)p.Properties["Name"].Value, p => (string)p.Properties["Text"].Value, StringComparer.OrdinalIgnoreCase);
        var problems = real.Where(n => !shown.TryGetValue(n, out var text) || string.IsNullOrWhiteSpace(text)).Select(n => $"-{n} has no description in Get-Help {cmdlet} -Full.").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + RunConverter);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void ExamplesParseAndUseOnlyAvailableCommands(string cmdlet)
    {
        var page = Page(cmdlet);
        Assert.NotEmpty(page.Examples);
        var problems = new List<string>();
        var commands = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var example in page.Examples)
        {
            var code = example.CodeBlocks.Where(c => c.Language.Equals("powershell", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (code.Length == 0)
            {
                problems.Add($"'{example.Title}' has no ```powershell block.");
            }

            foreach (var block in code)
            {
                var ast = Parser.ParseInput(block.Text, out _, out ParseError[] errors);
                foreach (var e in errors)
                {
                    problems.Add($"'{example.Title}' line {e.Extent.StartLineNumber}: {e.Message}");
                }

                foreach (var c in ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>())
                {
                    if (c.GetCommandName() is { } name)
                    {
                        commands.TryAdd(name, example.Title);
                    }
                }
            }
        }

        if (commands.Count > 0)
        {
            var list = string.Join(", ", commands.Keys.Select(n => "'" + n.Replace("'", "''", StringComparison.Ordinal) + "'"));
            var available = session.RunClean($"@({list}) | Where-Object {{ Get-Command -Name $_ -ErrorAction Ignore }}").Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, title) in commands.Where(kv => !available.Contains(kv.Key)))
            {
                problems.Add($"'{title}' uses '{name}', which is neither a MicroMorph cmdlet nor available in the hosted engine (it has only Microsoft.PowerShell.Core): examples must run there, so use ForEach-Object/Where-Object, .NET calls or a MicroMorph cmdlet instead.");
            }
        }

        Assert.True(problems.Count == 0, $"docs/{cmdlet}.md examples:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void AboutTopicIsFoundByGetHelp()
    {
        var text = string.Join("\n", session.RunClean("Get-Help about_MicroMorph").Select(o => o.ToString()));
        Assert.Contains("about_MicroMorph", text, StringComparison.Ordinal);
        Assert.Contains("SHORT DESCRIPTION", text, StringComparison.Ordinal);
        Assert.Contains("-ThrottleLimit", text, StringComparison.Ordinal);
        Assert.Contains("PhaseImage", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReaderRejectsAParameterWithoutMetadata()
    {
        string page = File.ReadAllText(Path.Combine(Docs, "Measure-VoxelStack.md"));
        int yaml = page.IndexOf("```yaml", page.IndexOf("### -Phase", StringComparison.Ordinal), StringComparison.Ordinal);
        int end = page.IndexOf("```", yaml + 7, StringComparison.Ordinal) + 3;
        var ex = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.Read(page.Remove(yaml, end - yaml), "Measure-VoxelStack.md"));
        Assert.Contains("-Phase has no ```yaml block", ex.Message, StringComparison.Ordinal);
    }

    private static CommandHelp Page(string cmdlet)
    {
        string path = Path.Combine(Docs, cmdlet + ".md");
        Assert.True(File.Exists(path), $"docs/{cmdlet}.md is missing: every exported cmdlet needs a PlatyPS-schema page.");
        return MarkdownHelpReader.ReadFile(path);
    }

    private static void Expect(List<string> problems, string parameter, string set, string key, string actual, string documented)
    {
        if (!string.Equals(actual, documented, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"-{parameter} ({set}): '{key}: {documented}' in the docs, but the cmdlet has '{actual}'.");
        }
    }

    /// <summary>The type name platyPS writes: Nullable unwrapped, generics in full, otherwise the short name.</summary>
    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? inner.Name : type.IsGenericType ? type.ToString() : type.Name;

    private static string PipelineInput(CommandParameterInfo p) => (p.ValueFromPipeline, p.ValueFromPipelineByPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}
