namespace CaoOps.Http.Auth;

/// <summary>base64url without padding (RFC 7515 §2).</summary>
internal static class Base64Url
{
    public static byte[] Decode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    public static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Decode(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
