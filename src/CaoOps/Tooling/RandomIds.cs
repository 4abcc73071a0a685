namespace CaoOps.Tooling;

/// <summary>
/// Random identifiers (generated session names, run ids) without the system crypto library: <see cref="Guid.NewGuid"/> draws
/// from the operating system's secure generator (Windows: BCryptGenRandom; Linux and macOS: the runtime's System.Native,
/// getrandom/arc4random or /dev/urandom), never OpenSSL, whereas <c>RandomNumberGenerator</c> on Linux goes through libcrypto
/// and aborts the process where no libssl is installed. The ids only have to avoid collisions and be hard to guess; they are
/// not secrets.
/// </summary>
internal static class RandomIds
{
    /// <summary>Random bytes of one version-4 GUID in <see cref="Guid.TryWriteBytes(Span{byte})"/> order: byte 7 carries the
    /// version nibble and byte 8 the variant bits, so only the other fourteen are used.</summary>
    private const int BytesPerGuid = 14;

    /// <summary>Lower-case hex of <paramref name="byteCount"/> random bytes (2 × byteCount characters).</summary>
    public static string Hex(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(byteCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(byteCount, 1024);
        var bytes = new byte[byteCount];
        Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static void Fill(Span<byte> destination)
    {
        Span<byte> guid = stackalloc byte[16];
        while (destination.Length > 0)
        {
            Guid.NewGuid().TryWriteBytes(guid);
            var random = destination.Length < BytesPerGuid ? destination.Length : BytesPerGuid;
            var first = Math.Min(random, 7);
            guid[..first].CopyTo(destination);
            guid.Slice(9, random - first).CopyTo(destination[first..]);
            destination = destination[random..];
        }
    }
}
