namespace CaoOps.Profiles.Discovery;

/// <summary>What went wrong while locating/reading a profile by name.</summary>
internal enum LookupFailure
{
    /// <summary>FileNotFoundError "Agent profile not found: n" (404).</summary>
    NotFound,

    /// <summary>ValueError, e.g. "Invalid agent name …" or undecodable UTF-8 (400).</summary>
    Value,

    /// <summary>OSError while reading (500 on GET).</summary>
    OS,
}

internal sealed class ProfileLookupException : Exception
{
    public ProfileLookupException(LookupFailure failure, string message)
        : base(message) => Failure = failure;

    public ProfileLookupException()
    {
    }

    public ProfileLookupException(string message)
        : base(message)
    {
    }

    public ProfileLookupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LookupFailure Failure { get; }
}
