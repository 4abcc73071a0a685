using Microsoft.AspNetCore.Http;

namespace CaoOps.Testing.Internal;

/// <summary>Carries out a <see cref="FaultRule"/> instead of (or around) the normal handler.</summary>
internal static class FaultResponder
{
    public const string TruncatedJson = "{\"id\": \"27a1";

    public static async Task ApplyAsync(HttpContext http, FaultRule rule, Func<Task<ApiResponse>> normal, CancellationToken token)
    {
        switch (rule.Kind)
        {
            case FaultKind.Status:
                await ResponseWriter.WriteAsync(http, ApiResponse.Text(rule.StatusCode, rule.Body, rule.ContentType), token);
                break;
            case FaultKind.Hang:
                // Ends (and the connection is aborted) when the client gives up or the double is disposed.
                await Task.Delay(Timeout.Infinite, token);
                break;
            case FaultKind.Delay:
                await Task.Delay(rule.Delay, token);
                await ResponseWriter.WriteAsync(http, await normal(), token);
                break;
            case FaultKind.InvalidJson:
                await ResponseWriter.WriteAsync(http, ApiResponse.Text(200, TruncatedJson, ApiResponse.JsonType), token);
                break;
            case FaultKind.HugeBody:
                await WriteHugeAsync(http, Math.Max(0, rule.Size), token);
                break;
            case FaultKind.Trickle:
                await TrickleAsync(http, await normal(), rule, token);
                break;
            case FaultKind.CloseConnection:
                http.Abort();
                break;
            default:
                throw new InvalidOperationException($"Unknown fault kind {rule.Kind}");
        }
    }

    /// <summary>A JSON string literal of exactly <paramref name="size"/> bytes: <c>"xxxx…"</c>.</summary>
    private static async Task WriteHugeAsync(HttpContext http, int size, CancellationToken token)
    {
        ResponseWriter.WriteHead(http, new ApiResponse(200, ApiResponse.JsonType, []), size);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        var written = 0;
        while (written < size)
        {
            var count = Math.Min(chunk.Length, size - written);
            var piece = chunk.AsMemory(0, count).ToArray();
            if (written == 0)
            {
                piece[0] = (byte)'"';
            }

            if (written + count == size && size >= 2)
            {
                piece[^1] = (byte)'"';
            }

            await http.Response.Body.WriteAsync(piece, token);
            written += count;
        }
    }

    private static async Task TrickleAsync(HttpContext http, ApiResponse response, FaultRule rule, CancellationToken token)
    {
        ResponseWriter.WriteHead(http, response, response.Body.Length);
        await http.Response.StartAsync(token);
        await http.Response.Body.FlushAsync(token);
        var chunkSize = Math.Max(1, rule.ChunkSize);
        for (var offset = 0; offset < response.Body.Length; offset += chunkSize)
        {
            if (offset > 0)
            {
                await Task.Delay(rule.Delay, token);
            }

            var count = Math.Min(chunkSize, response.Body.Length - offset);
            await http.Response.Body.WriteAsync(response.Body.AsMemory(offset, count), token);
            await http.Response.Body.FlushAsync(token);
        }
    }
}
