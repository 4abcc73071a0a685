namespace CaoOps.Testing.Internal;

/// <summary>Whether a route needs a bearer token when auth is on.</summary>
internal enum RouteAuth
{
    Gated,
    Open,
}
