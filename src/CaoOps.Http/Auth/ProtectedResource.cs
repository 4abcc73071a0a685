using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CaoOps.Http.Auth;

/// <summary>RFC 9728 Protected Resource Metadata, at /.well-known/oauth-protected-resource and its /mcp path-inserted form.</summary>
internal static class ProtectedResource
{
    public const string Path = "/.well-known/oauth-protected-resource";

    /// <summary>Where the metadata of the resource is (path insertion, RFC 9728 §3.1): what 401 answers point at.</summary>
    public static string MetadataUrl(AuthSettings auth) =>
        $"{auth.Resource.GetLeftPart(UriPartial.Authority)}{Path}{auth.Resource.AbsolutePath.TrimEnd('/')}";

    public static Task WriteAsync(HttpContext context, AuthSettings auth)
    {
        var metadata = new ProtectedResourceMetadata(auth.Resource.ToString(), [auth.Issuer], ScopePolicy.All, ["header"], "cao-ops");
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "max-age=300";
        return context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(metadata, AuthJsonContext.Default.ProtectedResourceMetadata), context.RequestAborted).AsTask();
    }
}
