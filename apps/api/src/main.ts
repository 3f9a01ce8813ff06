import { Logger } from '@nestjs/common';
import { ALLOW_PRIVATE_URLS_SETTING, ConfigError } from './config/app-config.js';
import { loadAppConfig } from './config/load-app-config.js';
import { withDevelopmentSecrets, type GeneratedSourceSecret } from './config/development-secrets.js';
import { createApp, platformLabel } from './create-app.js';
import { openDatabase } from './database/database.js';

/** Starts the API: configuration, database (embedded when no DATABASE_URL), migrations, HTTP. */
async function main(): Promise<void> {
  const logger = new Logger('Main');
  const { config, generated } = withDevelopmentSecrets(loadAppConfig());
  const database = await openDatabase(config);
  if (database.embedded) logger.log(`Embedded PostgreSQL started (data in ${database.dataDir})`);
  const app = await createApp({ ...config, databaseUrl: database.url });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining deliveries and shutting down`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  // Every interface, as a container needs: Node's default on Express; Fastify would take only
  // localhost unless given a host.
  if (app.getHttpAdapter().getType() === 'fastify') await app.listen(config.port, '0.0.0.0');
  else await app.listen(config.port);
  const base = `http://localhost:${config.port}`;
  logger.log(`Listening on port ${config.port} (${platformLabel(app)})`);
  logger.log(`API on ${base}/api, Swagger UI on ${base}/docs, OpenAPI JSON on ${base}/docs-json`);
  logger.log(
    `Console on ${base}/console (sign in with an API key); consumer portal links: POST ${base}/api/portal/sessions`,
  );
  if (generated.apiKey) {
    logger.log(`Development API key (kept in ${config.dataDir}/dev-api-key): ${generated.apiKey}`);
    logger.log(`Try: curl -H "X-Api-Key: ${generated.apiKey}" ${base}/api/webhooks`);
  }
  for (const { setting, file, secret } of generated.sourceSecrets) {
    logger.log(`Development ${setting} (kept in ${file}): ${secret}`);
  }
  const [firstSource] = generated.sourceSecrets;
  if (firstSource) {
    // The send tool reads the same files (and PORT, default 3000) when given no secret.
    const port = config.port === 3000 ? '' : `PORT=${config.port} `;
    logger.log(`Try: ${port}npm run send -- ${firstSource.source} ${SEND_EXAMPLES[firstSource.source]}`);
  }
  if (config.allowPrivateUrls && config.nodeEnv !== 'production') {
    logger.log(
      `Subscriptions may target loopback and private addresses over plain http (the development default): set ${ALLOW_PRIVATE_URLS_SETTING}=false to refuse them, as production does`,
    );
  }
}

/** An event of each source that `npm run send` signs, for the start-up hint. */
const SEND_EXAMPLES: Record<GeneratedSourceSecret['source'], string> = {
  stripe: 'payment_intent.succeeded',
  github: 'push',
  hubspot: 'contact.creation',
};

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
