namespace CaoOps.Testing;

/// <summary>
/// A <c>&lt;CAO_HOME&gt;/flows/&lt;name&gt;.flow.md</c> file as the double keeps it (front matter fields and the prompt).
/// Files outlive their flows: <c>DELETE /flows/{name}</c> and a create rejected after writing leave them behind.
/// </summary>
public sealed record FlowFileInfo(string Name, string Schedule, string AgentProfile, string Provider, string Prompt);
