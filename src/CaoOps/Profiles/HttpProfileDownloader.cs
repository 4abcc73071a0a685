using System.Text;
using CaoOps.Cao;

namespace CaoOps.Profiles;

/// <summary>
/// The real downloader: <see cref="HttpClient"/> with <c>AllowAutoRedirect=false</c>, a 5 s
/// connect timeout and a 30 s read (inactivity) timeout, like <c>requests.get(timeout=(5, 30))</c>.
/// </summary>
public sealed class HttpProfileDownloader : IProfileDownloader, IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private const int MaxBytes = 16 * 1024 * 1024;

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectTimeout = ConnectTimeout,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ProfileDownloadResponse> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        if (Cao.TlsLibrary.MissingFor(url) is { } noTls)
        {
            throw new ProfileDownloadException($"cannot download {url}: {noTls}");
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            cts.CancelAfter(ConnectTimeout + ReadTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            while (true)
            {
                cts.CancelAfter(ReadTimeout);
                var n = await stream.ReadAsync(chunk, cts.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                buffer.Write(chunk, 0, n);
                if (buffer.Length > MaxBytes)
                {
                    throw new ProfileDownloadException($"Response too large for url: {ConfigText.MaskUrl(url.OriginalString)}");
                }
            }

            var charset = response.Content.Headers.ContentType?.CharSet?.Trim('"');
            Encoding encoding;
            try
            {
                encoding = string.IsNullOrEmpty(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }

            var body = encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return new ProfileDownloadResponse((int)response.StatusCode, response.ReasonPhrase, response.Headers.Location is not null, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProfileDownloadException($"Read timed out. (read timeout={ReadTimeout.TotalSeconds:0}) for url: {ConfigText.MaskUrl(url.OriginalString)}");
        }
        catch (HttpRequestException ex)
        {
            throw new ProfileDownloadException(ex.Message, ex);
        }
    }

    public void Dispose() => _client.Dispose();
}
