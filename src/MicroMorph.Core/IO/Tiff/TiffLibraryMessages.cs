using System.Globalization;
using BitMiracle.LibTiff.Classic;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Captures LibTiff.NET's errors and warnings, which it otherwise prints to the console.
/// LibTiff.NET has one process-wide handler and calls it on the thread doing the work, so the
/// handler is installed once and files the messages in a per-thread buffer that the reader
/// clears before and inspects after each library call.
/// </summary>
internal sealed class TiffLibraryMessages : TiffErrorHandler
{
    private static readonly object InstallLock = new();
    private static bool s_installed;

    [ThreadStatic]
    private static List<string>? t_errors;

    /// <summary>Installs the handler (once) and clears this thread's error buffer.</summary>
    public static void BeginCapture()
    {
        if (!Volatile.Read(ref s_installed))
        {
            lock (InstallLock)
            {
                if (!s_installed)
                {
                    LibTiff.SetErrorHandler(new TiffLibraryMessages());
                    Volatile.Write(ref s_installed, true);
                }
            }
        }

        (t_errors ??= []).Clear();
    }

    /// <summary>The errors LibTiff reported on this thread since <see cref="BeginCapture"/>, or null.</summary>
    public static string? TakeErrors()
    {
        if (t_errors is null || t_errors.Count == 0)
        {
            return null;
        }

        string text = string.Join("; ", t_errors);
        t_errors.Clear();
        return text;
    }

    public override void ErrorHandler(LibTiff tif, string method, string format, params object[] args) =>
        (t_errors ??= []).Add(FormatMessage(method, format, args));

    public override void ErrorHandlerExt(LibTiff tif, object clientData, string method, string format, params object[] args)
    {
        // Ext is called in addition to the plain handler for the same message; recording it once is enough.
    }

    public override void WarningHandler(LibTiff tif, string method, string format, params object[] args)
    {
        // Warnings (unknown tags and the like) do not affect the pixel data; silence them.
    }

    public override void WarningHandlerExt(LibTiff tif, object clientData, string method, string format, params object[] args)
    {
    }

    private static string FormatMessage(string method, string format, object[] args)
    {
        string text;
        try
        {
            text = args is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, format, args) : format;
        }
        catch (FormatException)
        {
            text = format;
        }

        return string.IsNullOrEmpty(method) ? text : method + ": " + text;
    }
}
