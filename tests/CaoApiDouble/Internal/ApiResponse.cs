using System.Text;

namespace CaoOps.Testing.Internal;

/// <summary>A complete response produced by a handler, written to the wire by the pipeline.</summary>
internal sealed class ApiResponse
{
    public const string JsonType = "application/json";
    public const string TextType = "text/plain; charset=utf-8";

    public ApiResponse(int status, string? contentType, byte[] body)
    {
        Status = status;
        ContentType = contentType;
        Body = body;
    }

    public int Status { get; }

    public string? ContentType { get; }

    public byte[] Body { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public static ApiResponse Json(int status, object? value) =>
        new(status, JsonType, Encoding.UTF8.GetBytes(PyJson.Serialize(value)));

    public static ApiResponse Detail(int status, string detail) => Json(status, new JObj { { "detail", detail } });

    public static ApiResponse Text(int status, string text, string contentType = TextType) =>
        new(status, contentType, Encoding.UTF8.GetBytes(text));

    public static ApiResponse NotFound() => Detail(404, "Not Found");

    public ApiResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}
