using System.Globalization;
using System.Runtime.CompilerServices;

namespace MicroMorph.PowerShell.Tests;

/// <summary>The suite runs under de-DE (decimal comma) unless MICROMORPH_TEST_CULTURE says otherwise.</summary>
internal static class TestCulture
{
    [ModuleInitializer]
    internal static void Apply()
    {
        var culture = CultureInfo.GetCultureInfo(Environment.GetEnvironmentVariable("MICROMORPH_TEST_CULTURE") ?? "de-DE");
        CultureInfo.DefaultThreadCurrentCulture = culture;
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }
}
