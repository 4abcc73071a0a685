namespace CaoOps.Profiles.Model;

/// <summary>Which Python exception class upstream raises; decides the HTTP status and message prefix.</summary>
internal enum ProfileErrorKind
{
    /// <summary>yaml.YAMLError (or JSON frontmatter error): load → 500, install → "Failed to install agent: ".</summary>
    Yaml,

    /// <summary>pydantic ValidationError, a ValueError: load → 400.</summary>
    Validation,

    /// <summary>Any other ValueError (e.g. an impossible date, undecodable UTF-8): load → 400.</summary>
    Value,

    /// <summary>TypeError (non-string top-level keys, …): load → 500.</summary>
    Type,
}

/// <summary>One field-level finding, with the 1-based line in the profile file (0 if unknown).</summary>
internal sealed record FieldError(string Location, string Message, string Type, string InputRepr, string InputType, int Line);

/// <summary>A profile text could not be turned into an <see cref="AgentProfile"/>.</summary>
internal sealed class ProfileParseException : Exception
{
    public ProfileParseException(ProfileErrorKind kind, string message, int line, IReadOnlyList<FieldError>? errors = null)
        : base(message)
    {
        Kind = kind;
        Line = line;
        Errors = errors ?? [];
    }

    public ProfileParseException()
    {
    }

    public ProfileParseException(string message)
        : base(message)
    {
    }

    public ProfileParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProfileErrorKind Kind { get; }

    /// <summary>1-based line in the profile file, 0 if unknown.</summary>
    public int Line { get; }

    public IReadOnlyList<FieldError> Errors { get; } = [];
}
