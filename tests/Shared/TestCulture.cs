using System.Globalization;
using System.Runtime.CompilerServices;

namespace MicroMorph.Tests;

/// <summary>
/// The whole suite runs under de-DE (decimal comma), the culture that breaks code which
/// forgets the invariant culture. Set MICROMORPH_TEST_CULTURE to run under another.
/// </summary>
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
