// The tool selections the suite checks: the default, each named toolset, all, read-only (and a fleet registry).
// `fleetFile` is a fleet.json naming the API double, for the selections that need one.
export function selections(fleetFile) {
  return [
    { name: 'default', args: [], has: ['launch_session', 'wait_for_terminal', 'send_terminal_key', 'find_profiles'], lacks: ['create_flow', 'run_workflow'] },
    { name: 'sessions', args: ['--toolsets', 'sessions'], has: ['launch_session', 'shutdown_session'], lacks: ['list_profiles'] },
    { name: 'profiles', args: ['--toolsets', 'profiles'], has: ['list_profiles', 'install_profile', 'find_profiles'], lacks: ['launch_session'] },
    { name: 'terminals', args: ['--toolsets', 'terminals'], has: ['send_terminal_input', 'list_inbox_messages'], lacks: ['launch_session'] },
    { name: 'flows', args: ['--toolsets', 'flows'], has: ['create_flow', 'run_flow'], lacks: ['run_workflow'] },
    { name: 'workflows', args: ['--toolsets', 'workflows'], has: ['run_workflow', 'resume_workflow_run'], lacks: ['create_flow'] },
    { name: 'fleet', args: ['--toolsets', 'fleet', '--fleet', fleetFile], has: ['list_nodes'], lacks: ['launch_session'] },
    { name: 'default with a fleet', args: ['--fleet', fleetFile], has: ['list_nodes', 'launch_session'], lacks: ['create_flow'] },
    { name: 'all', args: ['--toolsets', 'all'], has: ['launch_session', 'create_flow', 'run_workflow', 'send_terminal_key'], lacks: [] },
    { name: 'read-only', args: ['--read-only'], has: ['list_sessions', 'wait_for_terminal'], lacks: ['launch_session', 'send_terminal_input', 'install_profile'] },
    { name: 'all, read-only', args: ['--toolsets', 'all', '--read-only'], has: ['list_workflow_runs', 'get_flow'], lacks: ['create_flow', 'run_workflow', 'shutdown_session'] },
  ];
}

/** A fleet.json whose one machine is the API double at `api`. */
export function fleetJson(api) {
  return JSON.stringify({ machines: [{ name: 'local', url: api, label: 'the API double' }] });
}
