using System.Collections;
using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// The font every plot and picture uses: DejaVu Sans (regular and bold), embedded in this assembly
/// (Plotting/Fonts, Bitstream Vera licence: Plotting/Fonts/LICENSE-DejaVu.txt).
/// </summary>
/// <remarks>
/// A bare Linux host (CI, containers) has no fonts: Skia's default typeface is then empty and ScottPlot
/// draws every label, tick and title as nothing. Shipping the typeface and routing all of ScottPlot's
/// font look-ups to it makes pictures look the same on every host (docs/development/native-assets.md).
/// <para>
/// On first use this class registers, once per process, a ScottPlot font resolver that answers the
/// shipped family first (so an installed DejaVu Sans of another version does not change metrics), and a
/// last-resort resolver that answers any family no other resolver found, so an unknown or uninstalled
/// family name falls back to the shipped face instead of to Skia's (possibly empty) default. ScottPlot's
/// defaults (<see cref="Fonts.Default"/>, Sans, Serif, Monospace) are set to the shipped family, so
/// labels created later use it too.
/// </para>
/// </remarks>
public static class PlotFonts
{
    private const string RegularResource = "MicroMorph.Core.Plotting.Fonts.DejaVuSans.ttf";
    private const string BoldResource = "MicroMorph.Core.Plotting.Fonts.DejaVuSans-Bold.ttf";

    /// <summary>Plot objects are walked at most this deep from the plot when applying the font.</summary>
    private const int MaximumDepth = 8;

    /// <summary>Collections longer than this are not walked (they hold data, not labels).</summary>
    private const int MaximumCollectionLength = 4096;

    private static readonly Lazy<(SKTypeface Regular, SKTypeface Bold)> Faces = new(LoadAndRegister, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shipped regular typeface (for drawing outside ScottPlot, e.g. scale bars).</summary>
    public static SKTypeface Typeface => Faces.Value.Regular;

    /// <summary>The shipped bold typeface.</summary>
    public static SKTypeface BoldTypeface => Faces.Value.Bold;

    /// <summary>The family name of the shipped typeface ("DejaVu Sans").</summary>
    public static string FamilyName => Faces.Value.Regular.FamilyName;

    /// <summary>The shipped typeface in the requested weight (there is no italic face: italic gets upright).</summary>
    public static SKTypeface GetTypeface(bool bold) => bold ? BoldTypeface : Typeface;

    /// <summary>
    /// Sets the shipped font on every text element of <paramref name="plot"/>: title, axis labels and
    /// tick labels (also those of colour bars and extra axes), legend, and the labels of every plottable
    /// (annotations, text, lines, ...). Idempotent; call it after the plot is built, before rendering.
    /// </summary>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        EnsureRegistered();
        string family = FamilyName;

        plot.Legend.FontName = family;
        plot.Legend.SetBestFontOnEachRender = false;

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(plot.Axes.Title, family, visited, 0);
        foreach (object axis in plot.Axes.GetAxes())
        {
            Walk(axis, family, visited, 0);
        }

        foreach (object panel in plot.Axes.GetPanels())
        {
            Walk(panel, family, visited, 0);
        }

        foreach (object plottable in plot.GetPlottables())
        {
            Walk(plottable, family, visited, 0);
        }

        Walk(plot.Legend, family, visited, 0);
    }

    /// <summary>Registers the font resolvers and ScottPlot defaults (once per process).</summary>
    public static void EnsureRegistered() => _ = Faces.Value;

    /// <summary>
    /// Finds every <see cref="LabelStyle"/> and <see cref="FontStyle"/> reachable from a ScottPlot
    /// object through public properties and fields, and points it at the shipped family. Reflection
    /// rather than a list of known plottables, so a plottable or panel added to ScottPlot later is
    /// covered as well; only ScottPlot's own reference types are entered, never data arrays.
    /// </summary>
    private static void Walk(object? node, string family, HashSet<object> visited, int depth)
    {
        if (node is null || depth > MaximumDepth || !IsScottPlotObject(node.GetType()) || !visited.Add(node))
        {
            return;
        }

        switch (node)
        {
            case LabelStyle label:
                label.FontName = family;
                label.Font = null; // a fixed SKTypeface would win over FontName and ignore Bold
                return;
            case FontStyle font:
                font.Name = family;
                return;
        }

        if (node is IEnumerable items && node is not string)
        {
            int count = 0;
            foreach (object? item in items)
            {
                if (++count > MaximumCollectionLength || item is null || !IsScottPlotObject(item.GetType()))
                {
                    break;
                }

                Walk(item, family, visited, depth + 1);
            }
        }

        foreach (MemberInfo member in node.GetType().GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            Type? type = member switch
            {
                PropertyInfo property when property.CanRead && property.GetIndexParameters().Length == 0 => property.PropertyType,
                FieldInfo field => field.FieldType,
                _ => null,
            };
            if (type is null || !MayHoldLabels(type) || member.IsDefined(typeof(ObsoleteAttribute)))
            {
                continue;
            }

            object? value;
            try
            {
                value = member is PropertyInfo p ? p.GetValue(node) : ((FieldInfo)member).GetValue(node);
            }
            catch (TargetInvocationException)
            {
                continue; // a getter that is not meant to be read in this state
            }

            Walk(value, family, visited, depth + 1);
        }
    }

    /// <summary>ScottPlot's reference types (value types hold no labels and are copied on read).</summary>
    private static bool IsScottPlotObject(Type type) =>
        !type.IsValueType && type.Namespace is { } ns && (ns == "ScottPlot" || ns.StartsWith("ScottPlot.", StringComparison.Ordinal));

    /// <summary>
    /// A member worth reading: a ScottPlot class or interface, or a collection of them (an
    /// <c>object</c>-typed member is skipped: it is not where ScottPlot keeps labels).
    /// </summary>
    private static bool MayHoldLabels(Type type)
    {
        if (type.IsArray)
        {
            return MayHoldLabels(type.GetElementType()!);
        }

        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return type.GetGenericArguments().Any(MayHoldLabels);
        }

        return IsScottPlotObject(type);
    }

    private static (SKTypeface Regular, SKTypeface Bold) LoadAndRegister()
    {
        SKTypeface regular = LoadEmbedded(RegularResource);
        SKTypeface bold = LoadEmbedded(BoldResource);
        string family = regular.FamilyName;

        lock (Fonts.FontResolvers)
        {
            Fonts.FontResolvers.RemoveAll(resolver => resolver is ShippedFontResolver);
            Fonts.FontResolvers.Insert(0, new ShippedFontResolver(family, regular, bold, anyFamily: false));
            Fonts.FontResolvers.Add(new ShippedFontResolver(family, regular, bold, anyFamily: true));
        }

        Fonts.Default = family;
        Fonts.Sans = family;
        Fonts.Serif = family;
        Fonts.Monospace = family;
        Fonts.DefaultFontStyle = null;

        // Shape every label with HarfBuzz (SkiaSharp.HarfBuzz, a ScottPlot dependency): ScottPlot calls
        // this switch "RTL support", but shaping is also what places a combining accent on its letter
        // (M̂, M̃: DejaVu Sans positions U+0302 and U+0303 by mark attachment; drawn unshaped they sit
        // at lower-case height beside the capital). A process-wide ScottPlot setting; PlotWriter turns
        // it off while it writes SVG (see PlotWriter.RenderSvg).
        LabelStyle.RTLSupport = true;
        return (regular, bold);
    }

    private static SKTypeface LoadEmbedded(string resource)
    {
        using Stream stream = typeof(PlotFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded font '{resource}' is missing from {typeof(PlotFonts).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        using SKData data = SKData.CreateCopy(buffer.ToArray());
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"Skia cannot read the embedded font '{resource}'.");
    }

    /// <summary>
    /// ScottPlot resolver returning the shipped faces: for the shipped family only, or (the last-resort
    /// instance) for any family the resolvers before it did not find.
    /// </summary>
    private sealed class ShippedFontResolver(string shippedFamily, SKTypeface regularFace, SKTypeface boldFace, bool anyFamily) : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        {
            if (!anyFamily && !string.Equals(fontName, shippedFamily, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            // ScottPlot caches the typeface it gets and never disposes it; the shipped faces live for the process.
            return bold ? boldFace : regularFace;
        }
    }
}
