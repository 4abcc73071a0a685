using CaoOps.Cao;

namespace CaoOps.Tests.Cao;

public class TlsLibraryTests
{
    [Fact]
    public void No_libssl_gives_a_message_that_names_the_cause_and_the_fix()
    {
        var tried = new List<string>();
        var message = TlsLibrary.Probe(null, name => { tried.Add(name); return false; });
        Assert.Equal(TlsLibrary.SoNames, tried);
        Assert.NotNull(message);
        Assert.Contains("needs OpenSSL", message);
        Assert.Contains("apt-get install libssl3", message);
        Assert.Contains("http://", message);
    }

    [Fact]
    public void Any_soname_the_runtime_would_load_is_enough()
    {
        Assert.Null(TlsLibrary.Probe(null, name => name == "libssl.so.1.1"));
        Assert.Null(TlsLibrary.Probe(null, name => name == "libssl.so.3"));
    }

    [Fact]
    public void The_runtime_version_override_is_tried_first()
    {
        var tried = new List<string>();
        Assert.Null(TlsLibrary.Probe("1.0.2k", name => { tried.Add(name); return name == "libssl.so.1.0.2k"; }));
        Assert.Equal(["libssl.so.1.0.2k"], tried);
    }

    [Fact]
    public void Plain_http_never_needs_openssl() => Assert.Null(TlsLibrary.MissingFor(new Uri("http://127.0.0.1:9889")));

    [Fact]
    public void Https_on_this_host_passes_the_probe_when_libssl_is_installed()
    {
        // The unit tests run on hosts with OpenSSL (the framework itself needs it for them); the no-OpenSSL path is proven
        // end to end by the linux-arm64 suite under qemu (.ci/arm64), whose sysroot has no libssl.
        Assert.Null(TlsLibrary.MissingFor(new Uri("https://cao.example:9889")));
    }
}
