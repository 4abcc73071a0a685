using System.Text;

namespace CaoOps.Testing.Tests.Support;

/// <summary>One recorded exchange from <c>Captures/NN-name.txt</c> (a real cao-server 2.4.1).</summary>
public sealed record CaoCapture(
    string Name,
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    byte[]? RequestBody,
    int Status,
    string? ContentType,
    string ResponseBody)
{
    public static IReadOnlyList<CaoCapture> LoadAll() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Captures"), "*.txt").Order(StringComparer.Ordinal).Select(Load)];

    public static CaoCapture Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.UTF8.GetString(bytes);
        var responseAt = text.IndexOf("### RESPONSE\n", StringComparison.Ordinal);
        var requestLines = text[..responseAt].Split('\n').Skip(1).ToList();
        var requestLine = requestLines[0].Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        var i = 1;
        for (; i < requestLines.Count && requestLines[i].Length > 0; i++)
        {
            var colon = requestLines[i].IndexOf(':');
            headers.Add(new(requestLines[i][..colon], requestLines[i][(colon + 1)..].Trim()));
        }

        byte[]? requestBody = null;
        var declared = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (declared is not null)
        {
            var bodyText = string.Join('\n', requestLines.Skip(i + 1));
            requestBody = Encoding.UTF8.GetBytes(bodyText)[..int.Parse(declared)];
        }

        var responseLines = text[(responseAt + "### RESPONSE\n".Length)..].Split('\n');
        var status = int.Parse(responseLines[0].Split(' ')[1]);
        string? contentType = null;
        var length = 0;
        var j = 1;
        for (; responseLines[j].Length > 0; j++)
        {
            var colon = responseLines[j].IndexOf(':');
            var name = responseLines[j][..colon].ToLowerInvariant();
            var value = responseLines[j][(colon + 1)..].Trim();
            if (name == "content-type")
            {
                contentType = value;
            }
            else if (name == "content-length")
            {
                length = int.Parse(value);
            }
        }

        // The captures were sanitised (home and working directory paths shortened) without updating
        // content-length, so the body is the text after the blank line, not content-length bytes.
        var responseBody = string.Join('\n', responseLines.Skip(j + 1)).TrimEnd('\n');
        _ = length;
        return new CaoCapture(
            Path.GetFileNameWithoutExtension(path),
            requestLine[0],
            requestLine[1],
            headers.Where(h => h.Key is not "Host" and not "Content-Length").ToList(),
            requestBody,
            status,
            contentType,
            responseBody);
    }
}
