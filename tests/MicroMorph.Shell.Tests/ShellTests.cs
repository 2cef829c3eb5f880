namespace MicroMorph.Shell.Tests;

/// <summary>Each test runs the built <c>micromorph</c> once, with stdout/stderr redirected.</summary>
public sealed class ShellTests : IDisposable
{
    private const string NewVolume = "$v = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 2, 'UInt16'); ";

    private readonly string _dir = Directory.CreateTempSubdirectory("micromorph-shell-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Script(string relativePath, string text)
    {
        var path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("de_DE.UTF-8")]
    public void Command_renders_a_format_view_table_without_ansi_escapes(string? locale)
    {
        var env = locale is null ? null : new Dictionary<string, string> { ["LANG"] = locale, ["LC_ALL"] = locale };
        var r = ShellProcess.Run(["-NoProfile", "-Command", NewVolume + "$v | Measure-VoxelStack"], environment: env);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain('\u001b', r.StdOut);
        var lines = r.StdOut.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        // the table view of MicroMorph.format.ps1xml (the default for 7 properties would be a list)
        var header = lines.FindIndex(l => l.StartsWith("Count", StringComparison.Ordinal) && l.Contains("StandardDeviation", StringComparison.Ordinal));
        Assert.True(header >= 0, r.ToString());
        Assert.StartsWith("-----", lines[header + 1]);
        Assert.Matches(@"^\s*32\s", lines[header + 2]);
    }

    [Fact]
    public void Command_lists_the_module_cmdlets()
    {
        var r = ShellProcess.Run(["-c", "Get-Command -Module MicroMorph | ForEach-Object Name"]);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Measure-VoxelStack", r.StdOut);
        Assert.Contains("Import-VoxelStack", r.StdOut);
    }

    [Fact]
    public void Command_exit_code_follows_the_last_statement_and_exit()
    {
        var failed = ShellProcess.Run(["-c", "'first'; Write-Error 'last one failed'"]);
        var exited = ShellProcess.Run(["-c", "exit 5"]);

        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("first", failed.StdOut);
        Assert.Contains("last one failed", failed.StdErr);
        Assert.True(exited.ExitCode == 5, exited.ToString());
    }

    [Fact]
    public void Streams_reach_stdout_and_stderr()
    {
        var r = ShellProcess.Run(["-c",
            "Write-Output 'out'; Write-Information 'info' -InformationAction Continue; $host.UI.WriteLine('host'); " +
            "Write-Warning 'careful'; Write-Verbose 'hidden'; Write-Verbose 'shown' -Verbose; Write-Progress -Activity a -PercentComplete 5; $Host.Name"]);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["out", "info", "host", "MicroMorph.Shell"], r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("WARNING: careful", r.StdErr);
        Assert.Contains("VERBOSE: shown", r.StdErr);
        Assert.DoesNotContain("hidden", r.StdErr);
        Assert.DoesNotContain('\u001b', r.StdErr); // stderr redirected: plain, and no progress line
    }

    [Fact]
    public void File_exit_N_is_the_exit_code()
    {
        var script = Script("exit3.ps1", "'before'\nexit 3\n'after'\n");

        var r = ShellProcess.Run(["-File", script]);

        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("before", r.StdOut);
        Assert.DoesNotContain("after", r.StdOut);
    }

    [Fact]
    public void File_throw_fails_with_the_message_and_position_on_stderr()
    {
        var script = Script("throws.ps1", "'before'\nthrow 'boom'\n'after'\n");

        var r = ShellProcess.Run(["-File", script]);

        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Contains("boom", r.StdErr);
        Assert.Contains(script + ":2", r.StdErr);
        Assert.DoesNotContain("boom", r.StdOut);
        Assert.DoesNotContain("after", r.StdOut);
    }

    [Fact]
    public void File_parse_error_fails_before_running_and_prints_the_parse_message()
    {
        var script = Script("broken.ps1", "'should not run'\nif ($true {\n  'x'\n}\n");

        var r = ShellProcess.Run(["-File", script]);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Missing closing ')'", r.StdErr);
        Assert.Contains("ParserError", r.StdErr);
        Assert.DoesNotContain("should not run", r.StdOut);
    }

    [Fact]
    public void File_arguments_bind_by_name_and_position()
    {
        var script = Script("args.ps1", "param($Name, [int]$Count = 1, [switch]$Loud)\n\"Name=$Name Count=$Count Loud=$Loud\"\n");

        var r = ShellProcess.Run(["-File", script, "-Count", "7", "Ada Lovelace", "-Loud"]);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Name=Ada Lovelace Count=7 Loud=True", r.StdOut);
    }

    [Fact]
    public void File_sees_PSScriptRoot_and_the_process_working_directory()
    {
        var script = Script(Path.Combine("sub", "where.ps1"), "\"root=$PSScriptRoot\"\n\"pwd=$PWD\"\n");

        var r = ShellProcess.Run(["-File", script], workingDirectory: _dir);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("root=" + Path.Combine(_dir, "sub"), r.StdOut);
        Assert.Contains("pwd=" + _dir, r.StdOut);
    }

    [Fact]
    public void Missing_module_manifest_exits_1_with_a_clear_message()
    {
        var missing = Path.Combine(_dir, "nowhere", "MicroMorph.psd1");

        var r = ShellProcess.Run(["-Module", missing, "-Command", "'never'"]);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("does not exist", r.StdErr);
        Assert.Contains(missing, r.StdErr);
        Assert.DoesNotContain("never", r.StdOut);
    }
}
