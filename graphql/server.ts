import { EnvError, loadEnv } from '../lib/env';
import { log } from '../lib/log';
import { startServer } from './start-server';

// The process entry: `npm start` (production) and `npm run dev` (development) both run this file.
async function main() {
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      log.fatal({ problems: error.problems }, error.message);
      process.exit(1);
    }
    throw error;
  }
  const server = await startServer(env, { next: env.WEB === 'on', dev: env.NODE_ENV !== 'production' });
  const { database, pubsub } = server.runtime;
  log.info(
    { url: server.url, database: database.kind, pubsub: pubsub.kind, feed: env.FEED, jobs: server.jobs },
    `Live sportsbook on ${server.url}; GraphQL and GraphiQL at ${server.url}/graphql`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  log.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
