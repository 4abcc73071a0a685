namespace CaoOps;

/// <summary>Secret values (env_vars, --env, a profile's .env) masked as <c>***</c> in any text a user or agent sees.</summary>
internal static class SecretText
{
    /// <summary>
    /// <paramref name="text"/> with every secret of at least <paramref name="minLength"/> characters replaced by ***,
    /// longest first (so a secret that contains another is masked whole). Shorter values would mask ordinary words.
    /// </summary>
    public static string Mask(string text, IEnumerable<string> secrets, int minLength)
    {
        foreach (var secret in secrets.Where(s => s.Length >= minLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
