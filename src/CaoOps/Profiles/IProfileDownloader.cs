namespace CaoOps.Profiles;

/// <summary>The answer to one profile download (redirects are never followed).</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="ReasonPhrase">HTTP reason phrase, for <c>raise_for_status</c>-style messages.</param>
/// <param name="HasLocation">Whether a <c>Location</c> header was present.</param>
/// <param name="Body">The body decoded as text (charset from the headers, else UTF-8).</param>
public sealed record ProfileDownloadResponse(int StatusCode, string? ReasonPhrase, bool HasLocation, string Body);

/// <summary>Fetches a profile URL with a single GET: no redirects, 5 s connect / 30 s read timeouts.</summary>
public interface IProfileDownloader
{
    /// <exception cref="ProfileDownloadException">Network or timeout failure.</exception>
    Task<ProfileDownloadResponse> GetAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>A download failed below HTTP (connection, TLS, timeout).</summary>
public sealed class ProfileDownloadException : Exception
{
    public ProfileDownloadException()
    {
    }

    public ProfileDownloadException(string message)
        : base(message)
    {
    }

    public ProfileDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
