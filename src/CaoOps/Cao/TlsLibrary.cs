using System.Runtime.InteropServices;

namespace CaoOps.Cao;

/// <summary>
/// OpenSSL is needed only for https:// URLs. On Linux (and FreeBSD) .NET's TLS loads libssl on the first TLS handshake, and
/// when no usable libssl is installed the runtime's native shim prints "No usable version of libssl was found" and calls
/// abort(): no exception a caller could catch. So before any https request this probes for libssl the way the shim does
/// (src/native/libs/System.Security.Cryptography.Native/opensslshim.c: CLR_OPENSSL_VERSION_OVERRIDE first, then the sonames
/// below) and turns its absence into a normal error. Windows (SChannel) and macOS (Security.framework) need no OpenSSL.
/// Plain http:// never loads it.
/// </summary>
internal static class TlsLibrary
{
    /// <summary>The sonames the runtime's OpenSSL shim tries, in its order.</summary>
    internal static readonly string[] SoNames =
        ["libssl.so.3", "libssl.so.1.1", "libssl.so.1.0.2", "libssl.so.1.0.0", "libssl.so.10", "libssl.so.11", "libssl.so.111"];

    private static readonly Lazy<string?> s_missing = new(
        () => Probe(Environment.GetEnvironmentVariable("CLR_OPENSSL_VERSION_OVERRIDE"), CanLoad),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether this OS's TLS goes through OpenSSL (Linux, FreeBSD) rather than an OS library.</summary>
    internal static bool UsesOpenSsl => OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD();

    /// <summary>Why <paramref name="url"/> cannot be fetched on this host (its scheme needs OpenSSL and none is installed), or null.</summary>
    public static string? MissingFor(Uri url) => url.Scheme == Uri.UriSchemeHttps && UsesOpenSsl ? s_missing.Value : null;

    /// <summary>The message when no libssl loads, or null when one does. <paramref name="tryLoad"/> is the seam for tests.</summary>
    internal static string? Probe(string? versionOverride, Func<string, bool> tryLoad)
    {
        if (versionOverride is { Length: > 0 and <= 32 } && tryLoad("libssl.so." + versionOverride))
        {
            return null;
        }

        foreach (var name in SoNames)
        {
            if (tryLoad(name))
            {
                return null;
            }
        }

        return "https:// needs OpenSSL (libssl.so.3 or libssl.so.1.1) and no usable libssl was found on this host. "
            + "Install it (Debian/Ubuntu: apt-get install libssl3; Fedora/RHEL: dnf install openssl-libs; Alpine: apk add libssl3) "
            + "or use an http:// URL: plain http needs no OpenSSL.";
    }

    private static bool CanLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
