using System.Text;
using CaoOps.Tools.Terminals;
using static CaoOps.Prompts.PromptText;

namespace CaoOps.Prompts;

/// <summary>delegate_task: the whole routine of handing one task to a new worker agent, with the real tool calls.</summary>
internal static class DelegateTaskPrompt
{
    public static readonly PromptDefinition Definition = new()
    {
        Name = "delegate_task",
        Title = "Delegate a task to a CAO agent",
        Description = "Hand a task to a new CAO worker agent: launch it with the task, wait, read its answer, report, shut it down.",
        Arguments =
        [
            new("task", ParamKind.String, "What the worker should do. It starts with no other context, so say everything it needs.") { Required = true },
            new("agent_profile", ParamKind.String, "Agent profile to launch, e.g. developer. Default: the best fit from list_profiles.") { Rule = Identifiers.AgentProfile, EmptyIsAbsent = true },
            CommonParameters.Provider("Provider CLI to run it with. Default: the profile's own.") with { EmptyIsAbsent = true },
            new("working_directory", ParamKind.String, "Absolute directory the worker works in (on the cao-server machine).") { EmptyIsAbsent = true },
        ],
        Requires = ["launch_session", "wait_for_terminal", "get_terminal_output"],
        Build = (request, _) => Task.FromResult(PromptDefinition.UserMessage("Delegate a task to a CAO worker agent", Text(request.Args, request.Tools))),
    };

    public static string Text(ToolArguments args, IReadOnlySet<string> tools)
    {
        var profile = args.String("agent_profile");
        var launchArgs = new StringBuilder($"agent_profile={(profile is null ? "<the profile>" : Quote(profile))}");
        if (args.String("provider") is { } provider)
        {
            launchArgs.Append($", provider={Quote(provider)}");
        }

        if (args.String("working_directory") is { } dir)
        {
            launchArgs.Append($", working_directory={Quote(dir)}");
        }

        var text = new StringBuilder();
        text.Append("Delegate a task to a CAO worker agent with the cao-ops tools, then report back to me.\n\n");
        text.Append("The task (send it to the worker exactly as written):\n<task>\n").Append(args.String("task")).Append("\n</task>\n\n");
        text.Append("1. Choose the agent. ");
        if (profile is not null)
        {
            text.Append($"Use the agent profile {Quote(profile)}.");
            if (tools.Contains("get_profile_details"))
            {
                text.Append($" Check it with get_profile_details(name={Quote(profile)}); if it does not exist, tell me"
                    + (tools.Contains("list_profiles") ? " which profiles list_profiles offers instead." : "."));
            }
        }
        else if (tools.Contains("list_profiles"))
        {
            text.Append("Call list_profiles and pick the profile whose description fits the task best; tell me which one and why.");
        }
        else
        {
            text.Append("Use the agent profile \"developer\" unless I named another.");
        }

        text.Append($"\n2. Launch it: launch_session({launchArgs}, initial_message=<the task above>). It returns at once; keep session_name and terminal_id.\n");
        text.Append("3. Wait: wait_for_terminal(terminal_id=<terminal_id>). A long task takes several waits: call it again while it returns reached=false. Then look at status:\n");
        text.Append("   - completed: go on to step 4.\n");
        text.Append("   - waiting_user_answer: the worker is asking something; the result's question field shows what "
            + "(or read the end of its screen with get_terminal_output(terminal_id=<terminal_id>, mode=\"full\", clean=true, max_chars=2000)). ");
        if (tools.Contains("send_terminal_input"))
        {
            text.Append("If the task makes the answer clear, answer with send_terminal_input(terminal_id=<terminal_id>, message=<answer>)");
            if (tools.Contains("send_terminal_key"))
            {
                text.Append(" (for an arrow-key picker: send_terminal_key(terminal_id=<terminal_id>, key=\"Down\") per step, then key=\"Enter\")");
            }

            text.Append("; otherwise ask me first. Then wait again.\n");
        }
        else
        {
            text.Append("Show me the question and stop: this server cannot type into the worker's terminal.\n");
        }

        text.Append("   - error: read get_terminal_output(terminal_id=<terminal_id>, mode=\"full\", clean=true, max_chars=4000) and tell me what went wrong.\n");
        if (tools.Contains("list_inbox_messages"))
        {
            text.Append("   If it stays idle as if it never got the task, list_inbox_messages(terminal_id=<terminal_id>, status=\"pending\") shows whether the task is still queued.\n");
        }

        text.Append("4. Read the answer: get_terminal_output(terminal_id=<terminal_id>, mode=\"last\", clean=true).\n");
        text.Append("5. Report to me: what the worker did and found, which files it changed, and anything left open.\n");
        text.Append(tools.Contains("shutdown_session")
            ? "6. Clean up: shutdown_session(session_name=<session_name>), unless I asked to keep the worker running.\n"
            : "6. Leave the worker running (this server cannot shut sessions down) and tell me its session_name.\n");
        return text.ToString();
    }
}
