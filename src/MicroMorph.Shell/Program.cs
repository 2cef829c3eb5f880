using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MicroMorph.Shell;

internal static class Program
{
    public const int ExitUsage = 64;

    public static int Main(string[] args)
    {
        var cl = CommandLine.Parse(args);
        if (cl.Error is not null)
        {
            Console.Error.WriteLine("micromorph: " + cl.Error);
            return ExitUsage;
        }

        switch (cl.Mode)
        {
            case ShellMode.Help:
                Console.Out.WriteLine(CommandLine.Usage);
                return 0;
            case ShellMode.Version:
                Console.Out.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "micromorph {0} (MicroMorph.Shell; PowerShell engine {1}; .NET {2})",
                    ShellHost.DisplayVersion(typeof(Program).Assembly),
                    ShellHost.DisplayVersion(typeof(PSObject).Assembly),
                    Environment.Version));
                return 0;
        }

        var console = new ShellConsole();
        if (cl.NonInteractive)
        {
            console.NonInteractive = true;
        }

        string? scriptPath = null;
        string? commandText = null;
        ScriptBlockAst? commandAst = null;
        if (cl.Mode == ShellMode.File)
        {
            scriptPath = Path.GetFullPath(cl.File!);
            if (!File.Exists(scriptPath))
            {
                console.Err("micromorph: The script file '" + cl.File + "' does not exist (looked for '" + scriptPath + "').", ShellConsole.ErrorColor);
                return ExitUsage;
            }

            if (!scriptPath.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
            {
                console.Err("micromorph: -File '" + cl.File + "' does not have a '.ps1' extension.", ShellConsole.ErrorColor);
                return ExitUsage;
            }

            Parser.ParseFile(scriptPath, out _, out var parseErrors);
            if (ReportParseErrors(console, parseErrors))
            {
                return 1;
            }
        }
        else
        {
            commandText = cl.Command == "-" ? Console.In.ReadToEnd() : cl.Command!;
            commandAst = Parser.ParseInput(commandText, out _, out var parseErrors);
            if (ReportParseErrors(console, parseErrors))
            {
                return 1;
            }
        }

        var manifest = ModuleLocator.Locate(cl.Module, out var moduleError);
        if (manifest is null)
        {
            console.Err("micromorph: " + moduleError, ShellConsole.ErrorColor);
            return 1;
        }

        using var runner = new ShellRunner(console, manifest, cl.ExecutionPolicy);
        return scriptPath is not null
            ? runner.RunFile(scriptPath, cl.ScriptArguments)
            : runner.RunCommand(commandText!, commandAst!);
    }

    private static bool ReportParseErrors(ShellConsole console, ParseError[] errors)
    {
        foreach (var error in errors)
        {
            console.Err(ErrorFormatter.Format(error), ShellConsole.ErrorColor);
        }

        return errors.Length > 0;
    }
}
