namespace CaoOps.E2E.Tests.Interop;

/// <summary>A theory that is skipped, saying how to install the suite, when tests/Interop/node_modules is missing.</summary>
internal sealed class InteropTheoryAttribute : TheoryAttribute
{
    public InteropTheoryAttribute()
    {
        if (!InteropSuite.Installed)
        {
            Skip = InteropSuite.InstallHint;
        }
    }
}
