import { readFile } from 'node:fs/promises';
import { parseCliArgs, USAGE, type CliSettings } from './cli-args.js';
import { createReceiver } from './receiver.js';
import type { ReceiverTls } from './receiver.types.js';
import { formatRecordedRequest, formatTlsRefusal, formatTokenRequest } from './report.js';
import { respondWith } from './responses.js';

// The thin command-line face of createReceiver: `npm run receiver -- --port 4000 --secret whsec_…`.
async function main(): Promise<void> {
  let settings;
  try {
    settings = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (settings.help) {
    console.log(USAGE);
    return;
  }
  let tls: ReceiverTls | undefined;
  try {
    tls = await readTls(settings.tls);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const receiver = await createReceiver({
    host: settings.host,
    port: settings.port,
    secrets: settings.secrets,
    signatureHeader: settings.signatureHeader,
    toleranceSeconds: settings.toleranceSeconds,
    rejectInvalidSignatures: settings.rejectInvalid,
    respond: respondWith(settings.status, settings.delayMs),
    onRequest: (request) => console.log(formatRecordedRequest(request, settings.signatureHeader)),
    tls,
    oauth2Clients: settings.oauth2Clients,
    tokenLifetimeSeconds: settings.tokenLifetimeSeconds,
    onTokenRequest: (request) => console.log(formatTokenRequest(request)),
    onTlsError: (error) => console.log(formatTlsRefusal(error, new Date())),
  });
  const secrets = settings.secrets.length;
  console.log(`Receiving webhooks at ${receiver.url} (any path)`);
  console.log(
    secrets > 0
      ? `Verifying ${settings.signatureHeader} and Standard Webhooks headers with ${secrets} secret(s)`
      : 'No --secret given: signatures are shown but not checked',
  );
  if (tls?.clientCa) console.log(`Demanding a client certificate signed by ${settings.tls?.clientCaFile}`);
  for (const { id } of settings.oauth2Clients) {
    console.log(
      `Issuing ${settings.tokenLifetimeSeconds}-second tokens to ${id} at ${new URL('/oauth/token', receiver.url).href}; webhooks need one`,
    );
  }
  const stop = () => void receiver.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();

/** The PEM files the TLS options name, read; a missing file is named. */
async function readTls(files: CliSettings['tls']): Promise<ReceiverTls | undefined> {
  if (!files) return undefined;
  const read = (option: string, path: string) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${option}: cannot read ${path} (${error.code ?? error.message})`, { cause: error });
    });
  return {
    cert: await read('--tls-cert', files.certFile),
    key: await read('--tls-key', files.keyFile),
    clientCa: files.clientCaFile === null ? undefined : await read('--client-ca', files.clientCaFile),
  };
}
