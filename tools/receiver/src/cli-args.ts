import { parseArgs } from 'node:util';
import { parseDuration, parseStatusChoice, type StatusChoice } from './responses.js';

/** The receiver CLI's settings. */
export interface CliSettings {
  port: number;
  host: string;
  secrets: string[];
  signatureHeader: string;
  status: StatusChoice;
  delayMs: number;
  toleranceSeconds: number | null;
  rejectInvalid: boolean;
  /** HTTPS with this certificate and key (PEM files); both or neither. */
  tls: { certFile: string; keyFile: string; clientCaFile: string | null } | null;
  /** Clients of the token endpoint, from `--oauth2-client <id>:<secret>`. */
  oauth2Clients: Array<{ id: string; secret: string }>;
  tokenLifetimeSeconds: number;
  help: boolean;
}

/** `--help` text. */
export const USAGE = `Usage: npm run receiver -- [options]

  --port <n>            port to listen on (default 4000; 0 = any free port)
  --host <addr>         address to listen on (default 127.0.0.1)
  --secret <s>          signing secret to verify with; repeat during a rotation
  --header <name>       header carrying t=…,v1=… (default X-Rex-Signature)
  --status <s>          answer with this status (200, 500, 302 …) or random:<p> to fail with 500 at rate p
  --delay <d>           wait before answering: 500ms, 2s, 1m (a bare number is ms)
  --tolerance <sec>     accepted timestamp skew in seconds, 0 = any (default 300)
  --reject-invalid      answer 401 to requests without a valid signature
  --tls-cert <pem>      listen on HTTPS with this certificate file (with --tls-key)
  --tls-key <pem>       the certificate's private key file
  --client-ca <pem>     demand a client certificate signed by this CA file (mutual TLS; needs
                        --tls-cert) and print its subject
  --oauth2-client <id>:<secret>
                        serve POST /oauth/token (client credentials grant, HTTP Basic) for this
                        client, repeatable; answer 401 to webhooks without a Bearer token it issued
  --token-lifetime <d>  lifetime of the tokens issued: 30s, 5m (default 5m)
  --help                show this text

File paths are relative to tools/receiver under \`npm run receiver\`: give absolute ones ("$PWD/ca.pem").
`;

/**
 * Parses the CLI arguments (without `node` and the script path).
 * @throws Error naming the bad option.
 */
export function parseCliArgs(argv: readonly string[]): CliSettings {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
      secret: { type: 'string', multiple: true, default: [] },
      header: { type: 'string', default: 'X-Rex-Signature' },
      status: { type: 'string', default: '200' },
      delay: { type: 'string', default: '0' },
      tolerance: { type: 'string', default: '300' },
      'reject-invalid': { type: 'boolean', default: false },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'client-ca': { type: 'string' },
      'oauth2-client': { type: 'string', multiple: true, default: [] },
      'token-lifetime': { type: 'string', default: '5m' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port: "${values.port}" is not a port number`);
  const tolerance = Number(values.tolerance);
  if (!Number.isInteger(tolerance) || tolerance < 0)
    throw new Error(`--tolerance: "${values.tolerance}" is not a number of seconds`);
  const option = <T>(name: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw new Error(`--${name}: ${(error as Error).message}`, { cause: error });
    }
  };
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new Error('--tls-cert and --tls-key go together: give both, or neither for plain HTTP');
  const clientCaFile = values['client-ca'] ?? null;
  if (clientCaFile !== null && certFile === undefined)
    throw new Error('--client-ca: client certificates need HTTPS: give --tls-cert and --tls-key too');
  const oauth2Clients = values['oauth2-client'].map((given) => {
    const colon = given.indexOf(':');
    if (colon <= 0 || colon === given.length - 1)
      throw new Error(`--oauth2-client: "${given}" is not <client id>:<client secret>`);
    return { id: given.slice(0, colon), secret: given.slice(colon + 1) };
  });
  const tokenLifetimeMs = option('token-lifetime', () => parseDuration(values['token-lifetime']));
  if (tokenLifetimeMs < 1000) throw new Error('--token-lifetime: at least 1s');
  return {
    port,
    host: values.host,
    secrets: values.secret,
    signatureHeader: values.header,
    status: option('status', () => parseStatusChoice(values.status)),
    delayMs: option('delay', () => parseDuration(values.delay)),
    toleranceSeconds: tolerance === 0 ? null : tolerance,
    rejectInvalid: values['reject-invalid'],
    tls: certFile && keyFile ? { certFile, keyFile, clientCaFile } : null,
    oauth2Clients,
    tokenLifetimeSeconds: Math.floor(tokenLifetimeMs / 1000),
    help: values.help,
  };
}
