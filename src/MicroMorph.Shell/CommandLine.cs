using System.Management.Automation.Runspaces;

namespace MicroMorph.Shell;

internal enum ShellMode
{
    None,
    File,
    Command,
    Help,
    Version,
}

/// <summary>The parsed command line (pwsh-like; names are case-insensitive and may start with - or --).</summary>
internal sealed class CommandLine
{
    public ShellMode Mode { get; private set; }

    public string? File { get; private set; }

    public string? Command { get; private set; }

    public string? Module { get; private set; }

    public string? ExecutionPolicy { get; private set; }

    public bool NonInteractive { get; private set; }

    /// <summary>Arguments for the -File script, as pwsh passes them: <c>-Name</c> tokens and values, for the binder to pair.</summary>
    public List<CommandParameter> ScriptArguments { get; } = [];

    public string? Error { get; private set; }

    public const string Usage = """
        Usage: micromorph [-Module <MicroMorph.psd1>] [-NoProfile] -File <script.ps1> [arguments...]
               micromorph [-Module <MicroMorph.psd1>] [-NoProfile] -Command <text...>   (also -c; '-' reads stdin)
               micromorph <script.ps1> [arguments...]
               micromorph -Version | -Help

        Runs a PowerShell script or command with the MicroMorph module imported, on the PowerShell
        engine hosted in-process (no pwsh needed). Output goes through Out-Default, so MicroMorph's
        format views render as tables.

          -File, -f            Run a script; the remaining arguments are passed to its param block
                               positionally or as -Name value pairs.
          -Command, -c         Run the remaining arguments, joined with spaces, as script text.
          -Module, -m          The module manifest to import (default: $env:MICROMORPH_MODULE, else
                               MicroMorph.psd1 found upward from the executable, then from the current
                               directory).
          -NoProfile, -nop     Accepted for pwsh compatibility (profiles are never run).
          -NonInteractive      Refuse prompts (also the default when stdin is redirected).
          -ExecutionPolicy     Process execution policy (Windows only; default RemoteSigned).
          -Version, -v         Print the shell and engine versions.
          -Help, -h, -?        Print this text.

        Exit codes: 0 success; N from `exit N`; 1 terminating error, parse error, failed module import,
        or (for -Command) a failing last command; 64 bad command line; 130 interrupted (Ctrl+C).
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var cl = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsOption(arg))
            {
                // like pwsh: the first bare argument is the script file
                cl.Mode = ShellMode.File;
                cl.File = arg;
                cl.CollectScriptArguments(args, i + 1);
                return cl;
            }

            var name = arg.TrimStart('-', '/').ToLowerInvariant();
            switch (name)
            {
                case "h" or "help" or "?":
                    cl.Mode = ShellMode.Help;
                    return cl;
                case "v" or "version":
                    cl.Mode = ShellMode.Version;
                    return cl;
                case "nop" or "noprofile" or "nologo" or "nol":
                    break;
                case "noni" or "noninteractive":
                    cl.NonInteractive = true;
                    break;
                case "m" or "module":
                    if (!cl.TryValue(args, ref i, arg, out var module))
                    {
                        return cl;
                    }

                    cl.Module = module;
                    break;
                case "ep" or "ex" or "executionpolicy":
                    if (!cl.TryValue(args, ref i, arg, out var policy))
                    {
                        return cl;
                    }

                    cl.ExecutionPolicy = policy;
                    break;
                case "f" or "file":
                    if (!cl.TryValue(args, ref i, arg, out var file))
                    {
                        return cl;
                    }

                    cl.Mode = ShellMode.File;
                    cl.File = file;
                    cl.CollectScriptArguments(args, i + 1);
                    return cl;
                case "c" or "command":
                    if (i + 1 >= args.Count)
                    {
                        cl.Error = "Missing the command text after " + arg + ".";
                        return cl;
                    }

                    cl.Mode = ShellMode.Command;
                    cl.Command = string.Join(' ', args.Skip(i + 1));
                    return cl;
                default:
                    cl.Error = "Unknown option '" + arg + "'. Use -Help for usage.";
                    return cl;
            }
        }

        cl.Error = "Nothing to run: give -File <script.ps1> or -Command <text> (there is no interactive prompt).";
        return cl;
    }

    private static bool IsOption(string arg) =>
        (arg.Length > 1 && arg[0] == '-') || arg == "/?";

    private bool TryValue(IReadOnlyList<string> args, ref int i, string option, out string value)
    {
        if (i + 1 >= args.Count)
        {
            Error = "Missing the value after " + option + ".";
            value = string.Empty;
            return false;
        }

        value = args[++i];
        return true;
    }

    /// <summary>
    /// As pwsh does for -File: "-Name" becomes a parameter token the binder pairs with the next
    /// value (or treats as a switch), "-Name:value" a named value, anything else a positional value.
    /// </summary>
    private void CollectScriptArguments(IReadOnlyList<string> args, int start)
    {
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Length > 1 && arg[0] == '-' && !char.IsDigit(arg[1]) && arg[1] != '.')
            {
                var colon = arg.IndexOf(':', StringComparison.Ordinal);
                if (colon > 1 && colon < arg.Length - 1)
                {
                    var value = arg[(colon + 1)..];
                    object typed = value.ToLowerInvariant() switch
                    {
                        "$true" => true,
                        "$false" => false,
                        _ => value,
                    };
                    ScriptArguments.Add(new CommandParameter(arg[1..colon], typed));
                }
                else
                {
                    ScriptArguments.Add(new CommandParameter(arg));
                }
            }
            else
            {
                ScriptArguments.Add(new CommandParameter(null, arg));
            }
        }
    }
}
