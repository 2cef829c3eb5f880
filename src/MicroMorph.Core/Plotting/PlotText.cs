using System.Globalization;
using System.Text;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// The text of axis labels: units as the data carry them, with powers written as superscripts
/// (<c>µm^3</c> becomes <c>µm³</c>, <c>nm^-1</c> becomes <c>nm⁻¹</c>), symbols with subscripts
/// (<c>M_AS</c> becomes <c>Mₐₛ</c>), and numbers in the invariant culture.
/// </summary>
public static class PlotText
{
    private const string Digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /// <summary>The longest unbraced subscript (<c>M_AS</c>, <c>psi_MAS</c>); a longer run after an underscore is a name (<c>grain_volume</c>).</summary>
    private const int MaximumBareSubscript = 3;

    /// <summary>
    /// Unicode's subscript characters (all in the shipped DejaVu Sans, checked by a test). Unicode has no
    /// capital subscripts: a capital is written with the small subscript of its letter (<c>M_AS</c> → <c>Mₐₛ</c>),
    /// as the small letter is the only subscript form there is.
    /// </summary>
    private static readonly Dictionary<char, char> SubscriptForms = new()
    {
        ['0'] = '₀', ['1'] = '₁', ['2'] = '₂', ['3'] = '₃', ['4'] = '₄', ['5'] = '₅', ['6'] = '₆', ['7'] = '₇', ['8'] = '₈', ['9'] = '₉',
        ['+'] = '₊', ['-'] = '₋', ['−'] = '₋', ['='] = '₌', ['('] = '₍', [')'] = '₎',
        ['a'] = 'ₐ', ['e'] = 'ₑ', ['h'] = 'ₕ', ['i'] = 'ᵢ', ['j'] = 'ⱼ', ['k'] = 'ₖ', ['l'] = 'ₗ', ['m'] = 'ₘ', ['n'] = 'ₙ',
        ['o'] = 'ₒ', ['p'] = 'ₚ', ['r'] = 'ᵣ', ['s'] = 'ₛ', ['t'] = 'ₜ', ['u'] = 'ᵤ', ['v'] = 'ᵥ', ['x'] = 'ₓ', ['ə'] = 'ₔ',
        ['β'] = 'ᵦ', ['γ'] = 'ᵧ', ['ρ'] = 'ᵨ', ['φ'] = 'ᵩ', ['χ'] = 'ᵪ',
    };

    /// <summary>The characters <see cref="SubscriptForms"/> writes, for the font-coverage test.</summary>
    public static string SubscriptCharacters => string.Concat(SubscriptForms.Values.Distinct());

    /// <summary>
    /// A label with subscripts written as subscript characters: a single letter (Latin or Greek, after a
    /// space, bracket or the start) followed by <c>_</c> and either a braced group (<c>M_{AS}</c>) or up
    /// to three letters or digits (<c>M_AS</c>, <c>ψ_P</c>, <c>x_1</c>) becomes the letter with its
    /// subscript (<c>Mₐₛ</c>, <c>ψₚ</c>, <c>x₁</c>). Capitals take the small subscript of their letter
    /// (Unicode has no capital subscripts). When a character of the subscript has no subscript form
    /// (<c>ψ_comb</c>: no subscript c or b), the text is kept as it is, underscore included, rather than
    /// subscripting half of it; so are names with underscores (<c>grain_volume</c>: not a single letter).
    /// Powers (<c>^3</c>) are written as superscripts as in <see cref="Unit"/>.
    /// </summary>
    public static string Label(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOf('_') < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '_' && i > 0 && char.IsLetter(text[i - 1]) && (i == 1 || !char.IsLetterOrDigit(text[i - 2])) && TrySubscript(text, i + 1, out string sub, out int end))
            {
                result.Append(sub);
                i = end - 1;
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>The subscript starting at <paramref name="start"/> (braced or bare), if every character of it has a subscript form.</summary>
    private static bool TrySubscript(string text, int start, out string subscript, out int end)
    {
        subscript = string.Empty;
        end = start;
        string body;
        if (start < text.Length && text[start] == '{')
        {
            int close = text.IndexOf('}', start + 1);
            if (close < 0)
            {
                return false;
            }

            body = text.Substring(start + 1, close - start - 1);
            end = close + 1;
        }
        else
        {
            int j = start;
            while (j < text.Length && char.IsLetterOrDigit(text[j]))
            {
                j++;
            }

            if (j - start > MaximumBareSubscript)
            {
                return false;
            }

            body = text[start..j];
            end = j;
        }

        if (body.Length == 0)
        {
            return false;
        }

        var sub = new StringBuilder(body.Length);
        foreach (char ch in body)
        {
            if (!SubscriptForms.TryGetValue(ch, out char form) && !SubscriptForms.TryGetValue(char.ToLowerInvariant(ch), out form))
            {
                return false;
            }

            sub.Append(form);
        }

        subscript = sub.ToString();
        return true;
    }

    /// <summary>
    /// A unit with its powers as superscripts: every <c>^</c> followed by an optional sign and digits
    /// (e.g. <c>^3</c>, <c>^-1</c>, <c>^{-2}</c>) becomes superscript characters; the rest is kept as it is.
    /// </summary>
    public static string Unit(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var text = new StringBuilder(unit.Length);
        for (int i = 0; i < unit.Length; i++)
        {
            if (unit[i] == '^')
            {
                int j = i + 1;
                bool braced = j < unit.Length && unit[j] == '{';
                if (braced)
                {
                    j++;
                }

                var power = new StringBuilder();
                if (j < unit.Length && (unit[j] == '-' || unit[j] == '+' || unit[j] == '−'))
                {
                    power.Append(unit[j] == '+' ? '⁺' : '⁻');
                    j++;
                }

                int digitsStart = j;
                while (j < unit.Length && unit[j] is >= '0' and <= '9')
                {
                    power.Append(Digits[unit[j] - '0']);
                    j++;
                }

                if (braced)
                {
                    if (j < unit.Length && unit[j] == '}')
                    {
                        j++;
                    }
                    else
                    {
                        digitsStart = j; // not a well-formed ^{...}: keep the text as it is
                    }
                }

                if (j > digitsStart && digitsStart < unit.Length && unit[digitsStart] is >= '0' and <= '9')
                {
                    text.Append(power);
                    i = j - 1;
                    continue;
                }
            }

            text.Append(unit[i]);
        }

        return text.ToString();
    }

    /// <summary>An axis label with its unit in parentheses, e.g. <c>Radius (µm)</c>; a quantity without a unit stays bare.</summary>
    public static string Axis(string quantity, string? unit, int power = 1)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (string.IsNullOrWhiteSpace(unit))
        {
            return quantity;
        }

        string u = Unit(unit.Trim());
        if (power != 1)
        {
            u += Unit("^" + power.ToString(CultureInfo.InvariantCulture));
        }

        return $"{quantity} ({u})";
    }

    /// <summary>10 raised to <paramref name="exponent"/> with a superscript exponent: 10⁶, 10⁻³ (1 and 10 stay as they are).</summary>
    public static string PowerOfTen(int exponent) => exponent switch
    {
        0 => "1",
        1 => "10",
        _ => "10" + string.Concat(exponent.ToString(CultureInfo.InvariantCulture).Select(c => c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0'])),
    };

    /// <summary>A tick label: the shortest round-trip-safe text of at most 6 significant digits, invariant culture.</summary>
    public static string Number(double value)
    {
        if (Math.Abs(value) < 1e-12)
        {
            return "0";
        }

        return Math.Round(value, 10).ToString("G6", CultureInfo.InvariantCulture).Replace('-', '−');
    }
}
