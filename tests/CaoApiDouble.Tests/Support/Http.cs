using System.Text;
using System.Text.Json;

namespace CaoOps.Testing.Tests.Support;

/// <summary>Plain HttpClient helpers.</summary>
public static class Http
{
    public static HttpClient Client(CaoApiDouble server, TimeSpan? timeout = null) =>
        new() { BaseAddress = server.BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    public static async Task<(int Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string target, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, target);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Task<(int Status, string Body)> GetAsync(HttpClient http, string target) => SendAsync(http, HttpMethod.Get, target);

    public static Task<(int Status, string Body)> PostAsync(HttpClient http, string target, string? json = null) => SendAsync(http, HttpMethod.Post, target, json);

    public static Task<(int Status, string Body)> DeleteAsync(HttpClient http, string target) => SendAsync(http, HttpMethod.Delete, target);

    public static JsonElement Json(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Creates a session through the API and returns the terminal id.</summary>
    public static async Task<string> CreateSessionAsync(HttpClient http, string name, string? initialMessage = null)
    {
        var body = initialMessage is null ? null : JsonSerializer.Serialize(new { initial_message = initialMessage });
        var (status, text) = await PostAsync(http, $"/sessions?provider=mock_cli&agent_profile=developer&session_name={name}", body);
        if (status != 201)
        {
            throw new InvalidOperationException($"create failed: {status} {text}");
        }

        return Json(text).GetProperty("id").GetString()!;
    }
}
