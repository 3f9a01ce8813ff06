// What `npm test`, Nx and Jest put into this process's environment would steer the commands a page
// shows (npm's config and package variables, Nx's task variables, Jest's VM-modules flag, its
// NODE_ENV=test, which would take the app out of development, and its FORCE_COLOR): a reader's
// terminal has none of it.
const OWN_VARIABLES =
  /^(npm_|NX_TASK_|NX_TERMINAL_|NX_STREAM_|NX_PREFIX_|JEST_|NODE_OPTIONS$|INIT_CWD$|NODE_ENV$|FORCE_COLOR$)/i;

/** This process's environment as a reader's terminal would have it, plus `extra`. */
export function userEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !OWN_VARIABLES.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}
