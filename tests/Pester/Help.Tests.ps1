# Help is part of the product: docs/ (PlatyPS-schema markdown) must match the cmdlets, the committed
# MAML in module/en-US must be what docs/ compiles to, and Get-Help must show complete help for every
# exported cmdlet. The markdown is read with the repository's help compiler (tools/MicroMorph.HelpCompiler).
BeforeDiscovery {
    # One Context per cmdlet the manifest exports (Module.Tests.ps1 checks that these are the compiled cmdlets).
    $manifest = if ($env:MICROMORPH_TEST_MODULE) { $env:MICROMORPH_TEST_MODULE } else { Join-Path $PSScriptRoot '../../MicroMorph.psd1' }
    $cmdlets = (Import-PowerShellDataFile -LiteralPath $manifest).CmdletsToExport | Sort-Object | ForEach-Object { @{ Cmdlet = $_ } }
}

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $ErrorActionPreference = 'Stop'

    $helpCompiler = Join-Path $RepositoryRoot 'tools/MicroMorph.HelpCompiler/bin/Release/net10.0/MicroMorph.HelpCompiler.dll'
    if (-not (Test-Path -LiteralPath $helpCompiler)) {
        throw "The help compiler is not built ($helpCompiler): run 'dotnet pwsh ./build.ps1 Build' first."
    }
    Add-Type -Path $helpCompiler

    $Docs = Join-Path $RepositoryRoot 'docs'
    $HelpOutput = Join-Path $RepositoryRoot 'module/en-US'
    # The fix for stale or incomplete help, after editing docs/.
    $RunHelpTask = 'run `dotnet pwsh ./build.ps1 Help` and commit module/en-US'
    # Get-Help does not read module/en-US itself but the copy that ./build.ps1 Build (or Layout) puts beside the manifest.
    $GetHelpReads = "Get-Help reads $(Join-Path $ModuleBase 'en-US'), which ./build.ps1 Build refreshes from module/en-US"

    # Fails with one problem a line under a headline that says what is wrong and how to fix it.
    function Assert-NoProblem([string] $Headline, [string[]] $Problem) {
        if ($Problem) { throw ($Headline + "`n  " + ($Problem -join "`n  ")) }
    }

    # The page docs/<cmdlet>.md as the help compiler reads it.
    function Read-DocsPage([string] $Cmdlet) {
        $path = Join-Path $Docs "$Cmdlet.md"
        if (-not (Test-Path -LiteralPath $path)) {
            throw "docs/$Cmdlet.md is missing: every exported cmdlet needs a PlatyPS-schema page. Add it, then $RunHelpTask."
        }
        [MicroMorph.HelpCompiler.MarkdownHelpReader]::ReadFile($path)
    }

    # The cmdlet's own parameters: all but the common parameters (-Verbose, -ErrorAction, ...).
    function Get-OwnParameterName([string] $Cmdlet) {
        (Get-Command $Cmdlet).Parameters.Keys | Where-Object { -not [System.Management.Automation.PSCmdlet]::CommonParameters.Contains($_) }
    }

    # A node of a Get-Help object by property path (description, Text), or nothing where Get-Help
    # has none: help objects are loose, and the tests run under Set-StrictMode -Version Latest.
    function Get-HelpNode($Node, [string[]] $Path) {
        foreach ($name in $Path) {
            $Node = @($Node | Where-Object { $null -ne $_ } | ForEach-Object {
                    $property = $_.PSObject.Properties[$name]
                    if ($property) { $property.Value }
                })
        }
        $Node | Where-Object { $null -ne $_ }
    }

    # The text of a help node's description paragraphs.
    function Get-HelpDescription($Node) {
        ((Get-HelpNode $Node description, Text) -join "`n").Trim()
    }

    # The type name PlatyPS writes: Nullable unwrapped, generics in full, otherwise the short name.
    function Get-DocsTypeName([type] $Type) {
        $inner = [Nullable]::GetUnderlyingType($Type)
        if ($inner) { $inner.Name } elseif ($Type.IsGenericType) { $Type.ToString() } else { $Type.Name }
    }

    # The "Accept pipeline input" value PlatyPS writes for a parameter.
    function Get-DocsPipelineInput([System.Management.Automation.CommandParameterInfo] $Parameter) {
        switch ("$($Parameter.ValueFromPipeline) $($Parameter.ValueFromPipelineByPropertyName)") {
            'True True' { 'True (ByValue, ByPropertyName)' }
            'True False' { 'True (ByValue)' }
            'False True' { 'True (ByPropertyName)' }
            default { 'False' }
        }
    }

    # The "Accepted values" PlatyPS writes: the names of an enum (also nullable or an array of one), or a ValidateSet.
    function Get-DocsAcceptedValue([System.Management.Automation.CommandParameterInfo] $Parameter) {
        $type = $Parameter.ParameterType
        if ($type.IsArray) { $type = $type.GetElementType() }
        $inner = [Nullable]::GetUnderlyingType($type)
        if ($inner) { $type = $inner }
        if ($type.IsEnum) { return [Enum]::GetNames($type) }
        $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } |
            Select-Object -First 1 | ForEach-Object ValidValues
    }
}

Describe 'MicroMorph help' {
    It 'module/en-US holds what docs/ compiles to (the committed help is not stale)' {
        $compiled = [MicroMorph.HelpCompiler.HelpCompiler]::Compile($Docs)
        $problems = foreach ($name in $compiled.Keys) {
            $path = Join-Path $HelpOutput $name
            if (-not (Test-Path -LiteralPath $path)) {
                "module/en-US/$name is missing."
                continue
            }
            $committed = [System.IO.File]::ReadAllText($path).ReplaceLineEndings("`n")
            $content = $compiled[$name]
            if ($committed -cne $content) {
                $committedLines = $committed.Split("`n")
                $contentLines = $content.Split("`n")
                $line = 0
                while ($line -lt $committedLines.Count -and $line -lt $contentLines.Count -and $committedLines[$line] -ceq $contentLines[$line]) { $line++ }
                "module/en-US/$name differs from what docs/ compiles to (first difference at line $($line + 1))."
            }
        }
        Assert-NoProblem "The committed help is stale: $RunHelpTask." $problems

        $orphans = Get-ChildItem -LiteralPath $HelpOutput -File | Where-Object { -not $compiled.ContainsKey($_.Name) } | ForEach-Object Name
        Assert-NoProblem 'module/en-US holds files that no docs page produces; delete them or add their markdown to docs/:' $orphans
    }

    It 'has a docs page for every exported cmdlet, and no page for anything else' {
        $exported = @((Get-Command -Module MicroMorph).Name | Sort-Object)
        $exported | Should -Be @((Import-PowerShellDataFile -LiteralPath $ModuleManifest).CmdletsToExport | Sort-Object)
        $pages = @([MicroMorph.HelpCompiler.HelpCompiler]::ReadCommands($Docs) | ForEach-Object Name)
        $problems = @(
            $exported | Where-Object { $_ -cnotin $pages } | ForEach-Object { "$_ has no page docs/$_.md." }
            $pages | Where-Object { $_ -cnotin $exported } | ForEach-Object { "docs/$_.md documents a cmdlet the module does not export." }
        )
        Assert-NoProblem "docs/ and the exported cmdlets disagree. Add or remove pages, then $RunHelpTask." $problems
    }

    It 'finds the about_MicroMorph topic with Get-Help' {
        $text = (Get-Help about_MicroMorph) -join "`n"
        $text | Should -BeLikeExactly '*about_MicroMorph*'
        $text | Should -BeLikeExactly '*SHORT DESCRIPTION*'
        $text | Should -BeLikeExactly '*-ThrottleLimit*'
        $text | Should -BeLikeExactly '*PhaseImage*'
    }

    It 'the help compiler rejects a parameter without its yaml block, naming it' {
        $page = [System.IO.File]::ReadAllText((Join-Path $Docs 'Measure-VoxelStack.md'))
        $yaml = $page.IndexOf('```yaml', $page.IndexOf('### -Phase', [StringComparison]::Ordinal), [StringComparison]::Ordinal)
        $end = $page.IndexOf('```', $yaml + 7, [StringComparison]::Ordinal) + 3
        $broken = $page.Remove($yaml, $end - $yaml)

        $thrown = { [MicroMorph.HelpCompiler.MarkdownHelpReader]::Read($broken, 'Measure-VoxelStack.md') } | Should -Throw -PassThru
        # PowerShell wraps what a .NET method throws in a MethodInvocationException.
        $thrown.Exception.InnerException | Should -BeOfType ([MicroMorph.HelpCompiler.HelpFormatException])
        $thrown.Exception.InnerException.Message | Should -MatchExactly ([regex]::Escape('-Phase has no ```yaml block'))
    }

    Context '<Cmdlet>' -ForEach $cmdlets {
        It 'docs/<Cmdlet>.md documents the parameters, parameter sets and parameter metadata of the cmdlet' {
            $page = Read-DocsPage $Cmdlet
            $command = Get-Command $Cmdlet
            $problems = [System.Collections.Generic.List[string]]::new()

            $real = @(Get-OwnParameterName $Cmdlet)
            $documented = @($page.Parameters | ForEach-Object Name)
            $real | Where-Object { $_ -notin $documented } | ForEach-Object { $problems.Add("-$_ exists but the page does not document it.") }
            $documented | Where-Object { $_ -notin $real } | ForEach-Object { $problems.Add("The page documents -$_, which the cmdlet does not have.") }
            if (-not $page.SupportsCommonParameters) { $problems.Add("The page lacks '### CommonParameters'.") }

            $realSets = @($command.ParameterSets | ForEach-Object Name)
            $docSets = @($page.Syntax | ForEach-Object ParameterSetName)
            if ((($realSets | Sort-Object) -join ', ') -cne (($docSets | Sort-Object) -join ', ')) {
                $problems.Add("SYNTAX shows the sets [$($docSets -join ', ')]; the cmdlet has [$($realSets -join ', ')].")
            }
            $defaultSet = @($command.ParameterSets | Where-Object IsDefault | ForEach-Object Name)
            $defaultSet = if ($defaultSet.Count -eq 1) { $defaultSet[0] } else { $command.DefaultParameterSet }
            $docDefault = @($page.Syntax | Where-Object IsDefault | ForEach-Object ParameterSetName)
            if ($realSets.Count -gt 1 -and ($docDefault.Count -ne 1 -or $docDefault[0] -cne $defaultSet)) {
                $problems.Add("SYNTAX must mark '### $defaultSet (Default)'.")
            }

            foreach ($set in $command.ParameterSets) {
                foreach ($parameter in $set.Parameters | Where-Object { $_.Name -in $real -and $_.Name -in $documented }) {
                    $doc = $page.Parameters | Where-Object Name -EQ $parameter.Name | Select-Object -First 1
                    $metadata = $doc.For($set.Name)
                    if ($null -eq $metadata) {
                        $problems.Add("-$($parameter.Name): no yaml block names the parameter set '$($set.Name)' (or '(All)').")
                        continue
                    }
                    $position = if ($parameter.Position -eq [int]::MinValue) { 'Named' } else { $parameter.Position.ToString([cultureinfo]::InvariantCulture) }
                    # Key -> (what the cmdlet has, what the yaml block says).
                    $comparisons = [ordered]@{
                        'Type'                       = @((Get-DocsTypeName $parameter.ParameterType), $metadata.Type)
                        'Required'                   = @([string] $parameter.IsMandatory, [string] $metadata.Required)
                        'Position'                   = @($position, $metadata.Position)
                        'Accept pipeline input'      = @((Get-DocsPipelineInput $parameter), $metadata.PipelineInput)
                        'Aliases'                    = @((($parameter.Aliases | Sort-Object) -join ', '), (($metadata.Aliases | Sort-Object) -join ', '))
                        'Accept wildcard characters' = @([string] [bool] ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }), [string] $metadata.AcceptWildcardCharacters)
                        'Accepted values'            = @(((Get-DocsAcceptedValue $parameter) -join ', '), ($metadata.AcceptedValues -join ', '))
                    }
                    foreach ($key in $comparisons.Keys) {
                        $actual, $written = $comparisons[$key]
                        if ($actual -ne $written) {
                            $problems.Add("-$($parameter.Name) ($($set.Name)): '${key}: $written' in the docs, but the cmdlet has '$actual'.")
                        }
                    }
                }
            }

            foreach ($doc in $page.Parameters) {
                foreach ($block in $doc.MetadataBlocks) {
                    $block.ParameterSets | Where-Object { $_ -ne '(All)' -and $_ -cnotin $realSets } |
                        ForEach-Object { $problems.Add("-$($doc.Name): the yaml names a parameter set '$_' that the cmdlet does not have.") }
                }
            }

            Assert-NoProblem "docs/$Cmdlet.md does not match the cmdlet. Fix the page, then $RunHelpTask." $problems
        }

        It 'Get-Help <Cmdlet> -Full shows a synopsis, a description, examples and a description of every parameter' {
            $help = Get-Help $Cmdlet -Full
            $synopsis = "$(Get-HelpNode $help Synopsis)".Trim()
            # Parameter name -> its description, as Get-Help shows them.
            $shown = @{}
            foreach ($parameter in Get-HelpNode $help parameters, parameter) {
                $shown["$(Get-HelpNode $parameter name)"] = Get-HelpDescription $parameter
            }
            $problems = @(
                if (-not $synopsis) { 'The synopsis is empty.' }
                if ($synopsis -clike '*<CommonParameters>*') { 'No MAML help was found: the synopsis is the generated syntax.' }
                if (-not (Get-HelpDescription $help)) { 'The description is empty.' }
                if (-not (Get-HelpNode $help examples, example, code | Where-Object { "$_".Trim() })) { 'No example has code.' }
                Get-OwnParameterName $Cmdlet | Where-Object { -not $shown[$_] } | ForEach-Object { "-$_ has no description." }
            )
            Assert-NoProblem "Get-Help $Cmdlet -Full shows incomplete help. Complete docs/$Cmdlet.md, then $RunHelpTask ($GetHelpReads)." $problems
        }

        It 'Get-Help <Cmdlet> -Parameter shows help text for every parameter' {
            # One call for all of them (-Parameter takes a wildcard): a call per parameter costs seconds per cmdlet.
            $shown = @{}
            foreach ($parameter in Get-Help $Cmdlet -Parameter * -ErrorAction SilentlyContinue) {
                $shown["$(Get-HelpNode $parameter name)"] = Get-HelpDescription $parameter
            }
            $problems = foreach ($name in Get-OwnParameterName $Cmdlet) {
                if (-not $shown.ContainsKey($name)) { "-${name}: Get-Help finds no help for it." }
                elseif (-not $shown[$name]) { "-${name}: the help text is empty." }
            }
            Assert-NoProblem "Get-Help $Cmdlet -Parameter <name> shows no help text for some parameters. Describe them in docs/$Cmdlet.md, then $RunHelpTask ($GetHelpReads)." $problems
        }

        It 'Get-Help <Cmdlet> -Examples shows at least one example' {
            $examples = @(Get-HelpNode (Get-Help $Cmdlet -Examples) examples, example | Where-Object { "$(Get-HelpNode $_ code)".Trim() })
            $examples.Count | Should -BeGreaterThan 0 -Because "docs/$Cmdlet.md needs an example with code (add one, then $RunHelpTask; $GetHelpReads)"
        }

        It 'the examples in docs/<Cmdlet>.md parse and use only commands available in pwsh with MicroMorph loaded' {
            $page = Read-DocsPage $Cmdlet
            $page.Examples.Count | Should -BeGreaterThan 0 -Because "every cmdlet needs at least one example in docs/$Cmdlet.md"
            $problems = [System.Collections.Generic.List[string]]::new()
            # Command name -> the title of the first example that uses it.
            $commands = [ordered]@{}
            foreach ($example in $page.Examples) {
                $code = @($example.CodeBlocks | Where-Object Language -EQ 'powershell')
                if ($code.Count -eq 0) { $problems.Add("'$($example.Title)' has no ``````powershell block.") }
                foreach ($block in $code) {
                    $tokens = $errors = $null
                    $ast = [System.Management.Automation.Language.Parser]::ParseInput($block.Text, [ref] $tokens, [ref] $errors)
                    foreach ($e in $errors) { $problems.Add("'$($example.Title)' line $($e.Extent.StartLineNumber): $($e.Message)") }
                    $calls = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
                    foreach ($name in $calls | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ }) {
                        if (-not $commands.Contains($name)) { $commands[$name] = $example.Title }
                    }
                    # Every -Name given to a command is one of its parameters (or aliases), or a unique prefix of one.
                    foreach ($call in $calls) {
                        $command = if ($call.GetCommandName()) { Get-Command -Name $call.GetCommandName() -ErrorAction Ignore | Select-Object -First 1 }
                        if (-not $command -or -not $command.Parameters) { continue }
                        $known = @($command.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
                        foreach ($given in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                            $exact = @($known | Where-Object { $_ -eq $given.ParameterName })
                            $prefixed = @($command.Parameters.Values | Where-Object { $_.Name -like "$($given.ParameterName)*" })
                            if ($exact.Count -eq 0 -and $prefixed.Count -ne 1) {
                                $problems.Add("'$($example.Title)' line $($given.Extent.StartLineNumber): $($command.Name) has no parameter -$($given.ParameterName).")
                            }
                        }
                    }
                }
            }
            foreach ($name in $commands.Keys) {
                if (-not (Get-Command -Name $name -ErrorAction Ignore)) {
                    $problems.Add("'$($commands[$name])' uses '$name', which is not a command in pwsh with MicroMorph loaded (Get-Command finds nothing): examples must run as written, so use a PowerShell cmdlet, a .NET call or a MicroMorph cmdlet instead.")
                }
            }
            Assert-NoProblem "docs/$Cmdlet.md has examples that would not run. Fix the page, then $RunHelpTask." $problems
        }
    }
}
