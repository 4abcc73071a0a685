using CaoOps;
using CaoOps.Http;

// cao-ops-http: `serve --http [HOST:PORT]` serves MCP over Streamable HTTP; every other command is cao-ops itself.
return args is ["serve", ..]
    ? await HttpServe.MainAsync(args[1..]).ConfigureAwait(false)
    : await Entry.MainAsync(args).ConfigureAwait(false);
