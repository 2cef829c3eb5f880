using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Transport;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// A MicroMorph result that crossed a process boundary (Start-Job, Invoke-Command, Export-Clixml / Import-Clixml) arrives
/// as a property bag typed <c>Deserialized.MicroMorph.Core.…</c> with the same numbers. The cmdlets that take whole results
/// (Get-DescriptorCurve and the plot cmdlets) rebuild the live result from it, so results gathered from other hosts can be
/// drawn and tabulated where they are collected. Volumes are never rebuilt: only their description crosses.
/// </summary>
internal static class DeserializedResult
{
    private const string Prefix = "Deserialized.";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(), new SpectrumConverter() },
    };

    /// <summary>The live result for a deserialized MicroMorph result; otherwise (or if it cannot be rebuilt) the base object.</summary>
    public static object? Unwrap(PSObject? input)
    {
        if (input is null)
        {
            return null;
        }

        if (input.BaseObject is not PSCustomObject || CoreType(input) is not { } type)
        {
            return input.BaseObject;
        }

        try
        {
            return ToJson(input, 0)?.Deserialize(type, Options) ?? input.BaseObject;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return input.BaseObject; // not rebuildable (e.g. items beyond the serialization depth): the caller's error applies
        }
    }

    /// <summary>
    /// An impedance spectrum crosses as the list of its points (a list keeps only its items); its frequency unit follows
    /// from theirs, as Measure-ElectrodeImpedance pairs them: Ohm cm2 with Hz, h/sigma with sigma/(C h).
    /// </summary>
    private sealed class SpectrumConverter : System.Text.Json.Serialization.JsonConverter<ImpedanceSpectrum>
    {
        public override ImpedanceSpectrum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var points = JsonSerializer.Deserialize<ImpedancePoint[]>(ref reader, options) ?? [];
            return new ImpedanceSpectrum(points, points.Length > 0 && points[0].Unit == "h/sigma" ? "sigma/(C h)" : "Hz");
        }

        public override void Write(Utf8JsonWriter writer, ImpedanceSpectrum value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToArray(), options);
    }

    /// <summary>The MicroMorph.Core type a deserialized object stood for (not a volume), or null.</summary>
    private static Type? CoreType(PSObject input)
    {
        foreach (string name in input.TypeNames)
        {
            if (name.StartsWith(Prefix + "MicroMorph.Core.", StringComparison.Ordinal))
            {
                var type = typeof(Volume).Assembly.GetType(name[Prefix.Length..], throwOnError: false);
                return type is null || typeof(Volume).IsAssignableFrom(type) || type.IsAbstract ? null : type;
            }
        }

        return null;
    }

    private static JsonNode? ToJson(object? value, int depth)
    {
        if (depth > 16)
        {
            throw new InvalidOperationException("The deserialized result is nested too deeply to rebuild.");
        }

        switch (value)
        {
            case null:
                return null;
            case PSObject p when p.BaseObject is PSCustomObject:
                var o = new JsonObject();
                foreach (var property in p.Properties)
                {
                    if (property.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property && property.IsGettable)
                    {
                        o[property.Name] = ToJson(property.Value, depth + 1);
                    }
                }

                return o;
            case PSObject p:
                return ToJson(p.BaseObject, depth); // an enum arrives as its number, a list as an ArrayList, ...
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case double d:
                return double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case float f:
                return float.IsFinite(f) ? JsonValue.Create(f) : JsonValue.Create(f.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case IDictionary dictionary:
                var map = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    map[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!] = ToJson(entry.Value, depth + 1);
                }

                return map;
            case IEnumerable list:
                var array = new JsonArray();
                foreach (object? item in list)
                {
                    array.Add(ToJson(item, depth + 1));
                }

                return array;
            case IConvertible number when value.GetType().IsPrimitive || value is decimal:
                return JsonValue.Create(Convert.ToDecimal(number, System.Globalization.CultureInfo.InvariantCulture));
            default:
                return JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
