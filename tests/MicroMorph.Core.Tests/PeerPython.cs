using System.Diagnostics;

namespace MicroMorph.Core.Tests;

/// <summary>
/// Runs Debian's python3 (with numpy, tifffile, h5py, Pillow from the peers' packages) to read
/// files MicroMorph wrote, as an independent implementation. Optional: null when python3 or a
/// module is missing, so the cross-checks skip on machines without the peers.
/// </summary>
public static class PeerPython
{
    private const string Python = "/usr/bin/python3";

    /// <summary>The script's standard output, or null when python3 or an imported module is missing; throws when the script fails otherwise.</summary>
    public static string? Run(string script, params string[] args)
    {
        if (!File.Exists(Python))
        {
            return null;
        }

        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            if (stderr.Contains("ModuleNotFoundError", StringComparison.Ordinal))
            {
                return null;
            }

            throw new InvalidOperationException("python failed: " + stderr);
        }

        return stdout;
    }
}
