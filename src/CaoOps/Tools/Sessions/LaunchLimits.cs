using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CaoOps.Tools.Sessions;

/// <summary>
/// cao-server's limits on the newer launch options, checked before the request (cao-api-control.md §2): group ≤ 16
/// items of ≤ 128 characters, metadata ≤ 16384 bytes as Python's <c>json.dumps</c> writes it, and env_vars the server
/// would silently drop (CLAUDE*/CODEX_*/__MISE_* keys except the provider-auth switches; values of 2048+ bytes).
/// Messages never contain an env_vars value.
/// </summary>
internal static class LaunchLimits
{
    public const int MaxGroupItems = 16;
    public const int MaxGroupItemChars = 128;
    public const int MaxMetadataBytes = 16384;
    public const int MaxEnvValueBytes = 2048;

    private static readonly string[] BlockedEnvPrefixes = ["CLAUDE", "CODEX_", "__MISE_"];

    private static readonly string[] AllowedDespitePrefix =
    [
        "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY",
        "CLAUDE_CODE_SKIP_BEDROCK_AUTH", "CLAUDE_CODE_SKIP_VERTEX_AUTH", "CLAUDE_CODE_SKIP_FOUNDRY_AUTH",
    ];

    public static string? Group(IReadOnlyList<string>? group)
    {
        if (group is null)
        {
            return null;
        }

        if (group.Count > MaxGroupItems)
        {
            return $"group has {group.Count} items; cao-server accepts at most {MaxGroupItems}";
        }

        var tooLong = group.FirstOrDefault(g => CodePoints(g) > MaxGroupItemChars);
        return tooLong is null ? null : $"group item '{tooLong[..Math.Min(tooLong.Length, 20)]}…' is {CodePoints(tooLong)} characters; cao-server accepts at most {MaxGroupItemChars}";
    }

    public static string? Metadata(JsonElement? metadata)
    {
        if (metadata is not { } value)
        {
            return null;
        }

        var size = PythonDumpsLength(value);
        return size > MaxMetadataBytes
            ? $"metadata is {size} bytes as cao-server encodes it; it accepts at most {MaxMetadataBytes}. Keep metadata to small labels and put large data in a file"
            : null;
    }

    public static string? EnvVars(IReadOnlyDictionary<string, string>? env)
    {
        if (env is null)
        {
            return null;
        }

        foreach (var (key, value) in env)
        {
            if (!AllowedDespitePrefix.Contains(key) && BlockedEnvPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
            {
                return $"env_vars '{key}' would be dropped: cao-server never passes variables starting with CLAUDE, CODEX_ or __MISE_ to agents (except the CLAUDE_CODE_USE_/SKIP_ BEDROCK, VERTEX and FOUNDRY switches)";
            }

            var bytes = Encoding.UTF8.GetByteCount(value);
            if (bytes >= MaxEnvValueBytes)
            {
                return $"env_vars '{key}' would be dropped: its value is {bytes} bytes and cao-server drops values of {MaxEnvValueBytes} bytes or more; put it in a file and pass the path";
            }
        }

        return null;
    }

    /// <summary>Python's <c>len(str)</c>.</summary>
    public static int CodePoints(string s) => s.EnumerateRunes().Count();

    /// <summary>The length of <c>json.dumps(value)</c> with Python's defaults (ASCII only, ", " and ": " separators).</summary>
    public static int PythonDumpsLength(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => 2 + value.EnumerateObject().Sum(p => StringLength(p.Name) + 2 + PythonDumpsLength(p.Value))
            + (Math.Max(0, value.EnumerateObject().Count() - 1) * 2),
        JsonValueKind.Array => 2 + value.EnumerateArray().Sum(PythonDumpsLength) + (Math.Max(0, value.GetArrayLength() - 1) * 2),
        JsonValueKind.String => StringLength(value.GetString()!),
        JsonValueKind.Number => NumberLength(value.GetRawText()),
        JsonValueKind.True => 4,
        JsonValueKind.False => 5,
        _ => 4,
    };

    private static int StringLength(string s)
    {
        var n = 2;
        foreach (var c in s)
        {
            n += c switch
            {
                '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
                < ' ' or > '~' => 6, // \u00XX, and every non-ASCII UTF-16 unit as \uXXXX
                _ => 1,
            };
        }

        return n;
    }

    /// <summary>Integers keep their digits; other numbers become Python floats (shortest repr, ".0" for whole values).</summary>
    private static int NumberLength(string raw)
    {
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            return raw.Length;
        }

        var d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(d))
        {
            return d > 0 ? 8 : 9; // Infinity / -Infinity
        }

        var abs = Math.Abs(d);
        if (abs is >= 1e16 or (< 1e-4 and > 0))
        {
            var s = d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
            var exp = s.IndexOf('e', StringComparison.Ordinal);
            var mantissa = s[..exp];
            var power = int.Parse(s[(exp + 1)..], CultureInfo.InvariantCulture);
            return mantissa.Length + 2 + Math.Abs(power).ToString(CultureInfo.InvariantCulture).PadLeft(2, '0').Length;
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text.Length : text.Length + 2;
    }
}
