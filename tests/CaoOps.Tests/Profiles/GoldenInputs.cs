namespace CaoOps.Tests.Profiles;

/// <summary>The inputs of the spec's worked examples (§3.12), verbatim.</summary>
internal static class GoldenInputs
{
    public const string InputA =
        """
        ---
        name: svc-helper
        description: Talks to the ticket service
        role: reviewer
        model: claude-sonnet-4
        mcpServers:
          tickets:
            command: ticket-mcp
            args: ["--port", "7000"]
            env:
              TICKET_TOKEN: ${TICKET_TOKEN}
              TICKET_URL: ${TICKET_URL}
        toolAliases:
          "@tickets/search": find
        hooks:
          agentSpawn:
            - command: git status
        prompt: Keep answers short.
        ---

        You review ticket changes for ${TEAM}.

        """;

    public const string InputB =
        "---\n" +
        "name: doc-writer\n" +
        "description: \"Writes docs: guides & READMEs\"\n" +
        "allowedTools: [\"fs_read\", \"fs_write\", \"@github\"]\n" +
        "mcpServers:\n" +
        "  github:\n" +
        "    type: stdio\n" +
        "    command: gh-mcp\n" +
        "    env:\n" +
        "      GH_TOKEN: ${GH_TOKEN}\n" +
        "prompt: Fallback only\n" +
        "---\n" +
        "\n" +
        "# Doc writer\n" +
        "\n" +
        "Write clear docs.   \n" +
        "\n";

    public const string PlainB3 =
        """
        ---
        name: plain
        description: Plain helper
        role: supervisor
        prompt: "  Be brief.  "
        ---

        """;

    public const string KiroA1Json =
        """
        {
          "name": "svc-helper",
          "description": "Talks to the ticket service",
          "tools": [
            "*"
          ],
          "allowedTools": [
            "@builtin",
            "fs_read",
            "fs_list",
            "@cao-mcp-server",
            "@tickets"
          ],
          "useLegacyMcpJson": false,
          "resources": [
            "file:///home/u/.aws/cli-agent-orchestrator/agent-context/svc-helper.md",
            "skill:///home/u/.aws/cli-agent-orchestrator/skills/**/SKILL.md"
          ],
          "prompt": "Keep answers short.",
          "mcpServers": {
            "tickets": {
              "command": "ticket-mcp",
              "args": [
                "--port",
                "7000"
              ],
              "env": {
                "TICKET_TOKEN": "abc123",
                "TICKET_URL": "${TICKET_URL}"
              }
            }
          },
          "toolAliases": {
            "@tickets/search": "find"
          },
          "hooks": {
            "agentSpawn": [
              {
                "command": "git status"
              }
            ]
          },
          "model": "claude-sonnet-4"
        }
        """;

    public const string CopilotB1 =
        """
        ---
        description: 'Writes docs: guides & READMEs'
        name: doc-writer
        ---

        # Doc writer

        Write clear docs.
        """;

    public const string OpenCodeB2Agent =
        """
        ---
        description: 'Writes docs: guides & READMEs'
        mode: all
        permission:
          bash: deny
          codesearch: deny
          edit: allow
          glob: deny
          grep: deny
          question: deny
          read: allow
          skill: allow
          task: deny
          todowrite: allow
          webfetch: deny
          websearch: deny
          write: allow
        ---

        # Doc writer

        Write clear docs.
        """;

    public const string OpenCodeB2Json =
        """
        {
          "$schema": "https://opencode.ai/config.json",
          "mcp": {
            "github": {
              "type": "local",
              "command": [
                "gh-mcp"
              ],
              "enabled": true,
              "environment": {
                "GH_TOKEN": "s3cr3t"
              }
            }
          },
          "tools": {
            "github*": false
          },
          "agent": {
            "doc-writer": {
              "tools": {
                "github*": true
              }
            }
          }
        }

        """;

    public const string OpenCodeB3Agent =
        """
        ---
        description: Plain helper
        mode: all
        permission:
          bash: deny
          codesearch: deny
          edit: deny
          glob: allow
          grep: allow
          question: deny
          read: allow
          skill: allow
          task: deny
          todowrite: allow
          webfetch: deny
          websearch: deny
          write: deny
        ---

          Be brief.
        """;

    public const string OpenCodeB3Json =
        """
        {
          "agent": {
            "other": {
              "tools": {}
            }
          },
          "theme": "dark"
        }

        """;

    public const string PyTestsSkill =
        """
        ---
        name: py-tests
        description: Pytest conventions
        ---

        Use pytest.
        """;

    /// <summary>A stand-in for the built-in developer.md (same frontmatter shape as CAO 2.4.1's).</summary>
    public const string BuiltinDeveloper =
        """
        ---
        name: developer
        description: Developer Agent in a multi-agent system
        role: developer
        mcpServers:
          cao-mcp-server:
            type: stdio
            command: cao-mcp-server
            args: []
        ---

        # DEVELOPER AGENT
        """;
}
