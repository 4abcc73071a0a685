using System.Collections;

namespace CaoOps.Profiles;

/// <summary>Process environment seam (tests pass a fixed map).</summary>
public interface IProfileEnvironment
{
    string? GetVariable(string name);

    /// <summary>The whole environment (python-dotenv interpolates <c>${X}</c> inside .env values from it).</summary>
    IReadOnlyDictionary<string, string> GetVariables();
}

/// <summary>The real process environment.</summary>
public sealed class ProcessProfileEnvironment : IProfileEnvironment
{
    public static readonly ProcessProfileEnvironment Instance = new();

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public IReadOnlyDictionary<string, string> GetVariables()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string k && e.Value is string v)
            {
                result[k] = v;
            }
        }

        return result;
    }
}

/// <summary>A fixed environment map.</summary>
public sealed class DictionaryProfileEnvironment(IReadOnlyDictionary<string, string> variables) : IProfileEnvironment
{
    public string? GetVariable(string name) => variables.TryGetValue(name, out var v) ? v : null;

    public IReadOnlyDictionary<string, string> GetVariables() => variables;
}
