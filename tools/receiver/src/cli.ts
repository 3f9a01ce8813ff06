import { parseCliArgs, USAGE } from './cli-args.js';
import { createReceiver } from './receiver.js';
import { formatRecordedRequest } from './report.js';
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
  const receiver = await createReceiver({
    host: settings.host,
    port: settings.port,
    secrets: settings.secrets,
    signatureHeader: settings.signatureHeader,
    toleranceSeconds: settings.toleranceSeconds,
    rejectInvalidSignatures: settings.rejectInvalid,
    respond: respondWith(settings.status, settings.delayMs),
    onRequest: (request) => console.log(formatRecordedRequest(request, settings.signatureHeader)),
  });
  const secrets = settings.secrets.length;
  console.log(`Receiving webhooks at ${receiver.url} (any path)`);
  console.log(
    secrets > 0
      ? `Verifying ${settings.signatureHeader} and Standard Webhooks headers with ${secrets} secret(s)`
      : 'No --secret given: signatures are shown but not checked',
  );
  const stop = () => void receiver.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
