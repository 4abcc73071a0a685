using System.Diagnostics;
using System.Text;
using CaoOps.Profiles.Model;
using CaoOps.Profiles.Yaml;
using Xunit.Abstractions;

namespace CaoOps.Tests.Profiles;

/// <summary>
/// A fixed-seed fuzz pass over the YAML engine (issue 20): mutations of real profiles plus generated nesting, aliases and
/// merge keys. Every input must end in a profile or a <see cref="ProfileParseException"/> (our type; YAML, validation
/// and limit errors all become one), never another exception or a crash, each within bounded time and allocation.
/// Runs in a few seconds, so CI runs it on every build.
/// </summary>
public sealed class YamlFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20;

    private static readonly string[] Corpus =
    [
        GoldenInputs.InputA,
        GoldenInputs.InputB,
        GoldenInputs.PlainB3,
        GoldenInputs.PyTestsSkill,
        GoldenInputs.BuiltinDeveloper,
        "---\nname: merge\ndescription: d\ntoolsSettings:\n  base: &b {x: [1, 2.5, 0x1F, 1:30, 2024-01-01, ~, yes], y: !!str 3}\n  one: *b\n  two: {<<: *b, y: 4}\n  three: {<<: [{y: 5}, *b], z: 6}\nhooks:\n  agentSpawn:\n    - command: |\n        multi\n        line\n      when: >-\n        folded\n        text\n---\nbody ${A} $B $$\n",
        "---\nname: flow\ndescription: 'q''uoted'\ntags: [a, \"b\", c-d]\ncapabilities: [x]\nmcpServers: {s: {command: c, args: [\"--a\", \"b\"], env: {K: \"${K}\"}}}\n? complex\n: value\n---\n",
        "{\n\"name\": \"json\", \"description\": \"d\", \"tools\": [\"*\"]\n}\nbody\n",
    ];

    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "&a ", "*a", "&b ", "*b", "<<: ", "<<: *a", "!!str ", "!!map ", "!!python/object ", "!x ",
        "'", "\"", "|", ">", "#", "%YAML 1.1\n", "---\n", "...\n", "\n", "\n  ", "\t", " ", "\\", "\u0000", "\uFEFF", "\u2028", "0x", "1e9", "~", "${X}", "$",
    ];

    [Fact]
    public void MutatedAndGeneratedProfiles_EndInAProfileOrOurOwnError_Quickly()
    {
        var random = new Random(Seed);
        var total = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var cases = 0;
        for (var i = 0; i < 1500; i++)
        {
            Run(Mutate(random, Corpus[random.Next(Corpus.Length)]), i, outcomes);
            cases++;
        }

        for (var i = 0; i < 300; i++)
        {
            Run(Generate(random), 10_000 + i, outcomes);
            cases++;
        }

        output.WriteLine($"{cases} cases in {total.Elapsed.TotalSeconds:F1} s (slowest {_slowest.TotalMilliseconds:F0} ms, case {_slowestCase}): {string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))}");
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(60), $"{cases} cases took {total.Elapsed}");

        // The pass must exercise both ends: valid profiles and refusals (including limits).
        Assert.True(outcomes.GetValueOrDefault("ok") > 50, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("error") > 50, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("limit") > 10, string.Join(", ", outcomes));
    }

    private TimeSpan _slowest;
    private int _slowestCase;

    private void Run(string text, int index, Dictionary<string, int> outcomes)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        string outcome;
        try
        {
            var profile = ProfileParser.Parse(text, "fuzz");
            _ = PyJson.Write(profile.Dump(), PyJsonStyle.Pydantic);
            outcome = "ok";
        }
        catch (ProfileParseException ex)
        {
            Assert.False(string.IsNullOrEmpty(ex.Message));
            outcome = ex.Message.Contains("cao-ops", StringComparison.Ordinal) || ex.Message.Contains("are limited to", StringComparison.Ordinal) ? "limit" : "error";
        }
        catch (Exception ex)
        {
            Assert.Fail($"case {index} (seed {Seed}) threw {ex.GetType().Name}: {ex.Message}\ninput ({text.Length} chars): {Escape(text)}");
            throw;
        }

        sw.Stop();
        if (sw.Elapsed > _slowest)
        {
            _slowest = sw.Elapsed;
            _slowestCase = index;
        }

        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"case {index} took {sw.Elapsed}: {Escape(text)}");
        Assert.True(used < 200L * 1024 * 1024, $"case {index} allocated {used / (1024 * 1024)} MB: {Escape(text)}");
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
    }

    private static string Escape(string text)
    {
        var s = text.Length > 400 ? text[..400] + "…" : text;
        return s.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
    }

    /// <summary>1–4 edits: insert a YAML token, delete or duplicate a span (duplication builds nesting), flip a char, truncate.</summary>
    private static string Mutate(Random r, string text)
    {
        var sb = new StringBuilder(text);
        var edits = 1 + r.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var pos = r.Next(sb.Length + 1);
            switch (r.Next(6))
            {
                case 0:
                case 1:
                    sb.Insert(pos, Tokens[r.Next(Tokens.Length)]);
                    break;
                case 2 when sb.Length > 0:
                    sb.Remove(Math.Min(pos, sb.Length - 1), Math.Min(1 + r.Next(8), sb.Length - Math.Min(pos, sb.Length - 1)));
                    break;
                case 3 when sb.Length > 0:
                    var start = Math.Min(pos, sb.Length - 1);
                    var span = sb.ToString(start, Math.Min(1 + r.Next(12), sb.Length - start));
                    sb.Insert(start, string.Concat(Enumerable.Repeat(span, 1 + r.Next(r.Next(3) == 0 ? 2000 : 8))));
                    break;
                case 4 when sb.Length > 0:
                    sb[Math.Min(pos, sb.Length - 1)] = (char)r.Next(0x20, 0x7F);
                    break;
                default:
                    sb.Length = Math.Min(sb.Length, pos);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Frontmatter with random nesting (up to 300 levels), alias fan-out chains and merge chains.</summary>
    private static string Generate(Random r)
    {
        var sb = new StringBuilder("---\nname: gen\ndescription: d\n");
        switch (r.Next(4))
        {
            case 0:
                var depth = r.Next(300);
                var opens = new Stack<char>();
                sb.Append("x: ");
                for (var i = 0; i < depth; i++)
                {
                    var map = r.Next(2) == 0;
                    sb.Append(map ? "{k: " : "[");
                    opens.Push(map ? '}' : ']');
                }

                sb.Append('1');
                while (opens.Count > 0)
                {
                    sb.Append(opens.Pop());
                }

                sb.Append('\n');
                break;
            case 1:
                var fan = 2 + r.Next(9);
                var levels = 1 + r.Next(12);
                sb.Append("a0: &a0 [").Append(string.Join(", ", Enumerable.Repeat("x", fan))).Append("]\n");
                for (var i = 1; i < levels; i++)
                {
                    sb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", fan))}]\n");
                }

                break;
            case 2:
                var chain = 1 + r.Next(40);
                sb.Append("m0: &m0 {k0: v, k1: [1, 2]}\n");
                for (var i = 1; i < chain; i++)
                {
                    sb.Append($"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i + 1}: {i}}}\n");
                }

                break;
            default:
                var indent = r.Next(150);
                sb.Append("x:\n");
                for (var i = 1; i <= indent; i++)
                {
                    sb.Append(new string(' ', i)).Append(r.Next(2) == 0 ? "a:\n" : "- \n");
                }

                break;
        }

        return sb.Append("---\nbody\n").ToString();
    }
}
