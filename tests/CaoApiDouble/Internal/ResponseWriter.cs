using Microsoft.AspNetCore.Http;

namespace CaoOps.Testing.Internal;

/// <summary>Writes an <see cref="ApiResponse"/> to Kestrel.</summary>
internal static class ResponseWriter
{
    public static void WriteHead(HttpContext http, ApiResponse response, long contentLength)
    {
        http.Response.StatusCode = response.Status;
        if (response.ContentType is not null)
        {
            http.Response.ContentType = response.ContentType;
        }

        if (response.Status != 204)
        {
            http.Response.ContentLength = contentLength; // Kestrel refuses a Content-Length on 204
        }

        http.Response.Headers["server"] = "uvicorn";
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers.Append(name, value);
        }
    }

    public static async Task WriteAsync(HttpContext http, ApiResponse response, CancellationToken token)
    {
        WriteHead(http, response, response.Body.Length);
        if (response.Body.Length > 0 && !HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(response.Body, token);
        }
    }
}
