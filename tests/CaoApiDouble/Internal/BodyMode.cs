namespace CaoOps.Testing.Internal;

/// <summary>Whether a route declares a JSON body parameter.</summary>
internal enum BodyMode
{
    None,
    Optional,
    Required,
}
