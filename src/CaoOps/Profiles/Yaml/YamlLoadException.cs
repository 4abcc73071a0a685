namespace CaoOps.Profiles.Yaml;

/// <summary>
/// A YAML document could not be loaded. <see cref="IsValueError"/> marks the failures that Python
/// raises as <c>ValueError</c> (e.g. an impossible date) rather than as a YAML error; the HTTP
/// layer maps those differently (400 instead of 500).
/// </summary>
internal sealed class YamlLoadException : Exception
{
    public YamlLoadException(string message, int line, int column, bool isValueError = false, bool isLimit = false)
        : base(message)
    {
        Line = line;
        Column = column;
        IsValueError = isValueError;
        IsLimit = isLimit;
    }

    public YamlLoadException()
    {
    }

    public YamlLoadException(string message)
        : base(message)
    {
    }

    public YamlLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>1-based line in the YAML text, 0 if unknown.</summary>
    public int Line { get; }

    public int Column { get; }

    public bool IsValueError { get; }

    /// <summary>A cao-ops bound (<see cref="ProfileLimits"/>) refused the document; the message says which and why.</summary>
    public bool IsLimit { get; }
}
