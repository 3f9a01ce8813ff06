import { developmentSecretFile, readDevelopmentSecret, shownPath } from './development-secrets.js';
import { SOURCES, buildSignedRequest, sendWebhook, type Source } from './signed-request.js';
import { GITHUB_EVENTS } from './github.payloads.js';
import { HUBSPOT_SUBSCRIPTION_TYPES } from './hubspot.payloads.js';
import { STRIPE_EVENT_TYPES } from './stripe.payloads.js';

const SECRET_VARIABLES: Record<Source, string> = {
  stripe: 'STRIPE_WEBHOOK_SECRET',
  github: 'GITHUB_WEBHOOK_SECRET',
  hubspot: 'HUBSPOT_CLIENT_SECRET',
};

export const USAGE = `Usage: npm run send -- <source> <type> [options]

  stripe  <type>   e.g. ${STRIPE_EVENT_TYPES.join(', ')}
  github  <event>  e.g. ${GITHUB_EVENTS.join(', ')}
  hubspot <type>   e.g. ${HUBSPOT_SUBSCRIPTION_TYPES.join(', ')}

Options:
  --url <url>        default http://127.0.0.1:$PORT/api/webhooks/<source> (PORT defaults to 3000)
  --secret <secret>  default $STRIPE_WEBHOOK_SECRET / $GITHUB_WEBHOOK_SECRET / $HUBSPOT_CLIENT_SECRET,
                     else the secret the app generated in development, in its data folder
                     (apps/api/.data/dev-<source>-…, or under $WEBHOOKS_DATA_DIR as the app reads it)
  --id <id>          Stripe event id, GitHub delivery id, first HubSpot eventId (default: random)
  --action <action>  GitHub pull_request action (default opened)
  --stage <value>    HubSpot deal.propertyChange dealstage, e.g. closedwon (default) or closedlost
  --count <n>        HubSpot events in the batch (default 1)
  --repeat <n>       send the same signed request n times, to see deduplication (default 1)
`;

/** Parsed command line. */
export interface SendCommand {
  source: Source;
  type: string;
  url: string;
  secret: string;
  /** The file the secret was read from, when it came from the app's data folder. */
  secretFile?: string;
  id?: string;
  action?: string;
  value?: string;
  count?: number;
  repeat: number;
}

/** Reads `argv` (without node and script) and the environment; returns a command or a usage error. */
export function parseArguments(
  argv: string[],
  env: Record<string, string | undefined>,
): SendCommand | { error: string } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) positional.push(arg);
    else if (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))
      return { error: `${arg} needs a value` };
    else flags[arg.slice(2)] = argv[++i];
  }
  const unknown = Object.keys(flags).filter(
    (f) => !['url', 'secret', 'id', 'action', 'stage', 'count', 'repeat'].includes(f),
  );
  if (unknown.length > 0) return { error: `unknown option --${unknown[0]}` };
  const [source, type] = positional;
  if (!SOURCES.includes(source as Source))
    return { error: `the source must be one of ${SOURCES.join(', ')}` };
  if (!type || positional.length > 2) return { error: 'give exactly a source and an event type' };
  const { secret, secretFile } = secretOf(source as Source, flags.secret, env);
  if (!secret) {
    return {
      error: `no secret: pass --secret, set ${SECRET_VARIABLES[source as Source]}, or start the app in development, which writes ${shownPath(developmentSecretFile(source as Source, env))}`,
    };
  }
  const count = flags.count === undefined ? undefined : Number(flags.count);
  const repeat = flags.repeat === undefined ? 1 : Number(flags.repeat);
  if (count !== undefined && (!Number.isInteger(count) || count < 1))
    return { error: '--count must be a positive integer' };
  if (!Number.isInteger(repeat) || repeat < 1) return { error: '--repeat must be a positive integer' };
  return {
    source: source as Source,
    type,
    url: flags.url ?? `http://127.0.0.1:${env.PORT || 3000}/api/webhooks/${source}`,
    secret,
    secretFile,
    id: flags.id,
    action: flags.action,
    value: flags.stage,
    count,
    repeat,
  };
}

/** The secret to sign with: `--secret`, else the source's variable, else the app's development secret file. */
function secretOf(
  source: Source,
  flag: string | undefined,
  env: Record<string, string | undefined>,
): { secret?: string; secretFile?: string } {
  const given = flag ?? env[SECRET_VARIABLES[source]];
  if (given) return { secret: given };
  const generated = readDevelopmentSecret(source, env);
  return generated ? { secret: generated.secret, secretFile: generated.file } : {};
}

/** Runs the tool; returns the exit code (0 when every answer was 2xx). */
export async function run(
  argv: string[],
  env: Record<string, string | undefined>,
  print: (line: string) => void,
): Promise<number> {
  const command = parseArguments(argv, env);
  if ('error' in command) {
    print(`error: ${command.error}\n\n${USAGE}`);
    return 2;
  }
  if (command.secretFile) print(`Signing with the secret in ${shownPath(command.secretFile)}`);
  const request = await buildSignedRequest(command);
  print(`→ POST ${request.url}  ${command.source} ${command.type}  (${request.externalIds.join(', ')})`);
  let ok = true;
  for (let i = 0; i < command.repeat; i++) {
    try {
      const result = await sendWebhook(request);
      print(`← ${result.status} ${result.body}`);
      ok &&= result.status >= 200 && result.status < 300;
    } catch (error) {
      print(`✗ ${(error as Error).cause ?? (error as Error).message}`);
      ok = false;
    }
  }
  return ok ? 0 : 1;
}
