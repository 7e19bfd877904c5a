#!/usr/bin/env -S node --import tsx
import { openDatabase } from '../db/data-source';
import { describeSeed, seedDatabase } from '../db/demo-seed';
import { ConfigError, parseConfig, type LineflowConfig } from '../runtime/config';
import { startLineflow } from '../runtime/lineflow';
import { createLogger } from '../runtime/logger';

const USAGE = `Usage: lineflow <command>
  start    API + worker in one process; embedded Temporal when TEMPORAL_ADDRESS is unset
  api      the HTTP API only (needs TEMPORAL_ADDRESS)
  worker   the Temporal worker only (needs TEMPORAL_ADDRESS)
  migrate  bring the database schema up to date and exit
  seed     seed an empty database (admin, demo line) and exit`;

function requireTemporalAddress(config: LineflowConfig, command: string): void {
  if (!config.temporal.address) {
    throw new ConfigError([`lineflow ${command} runs apart from Temporal: set TEMPORAL_ADDRESS (host:port)`]);
  }
}

async function main(command: string | undefined): Promise<void> {
  const config = parseConfig();
  const logger = createLogger(config.logLevel);
  switch (command) {
    case 'start':
    case 'api':
    case 'worker': {
      if (command !== 'start') requireTemporalAddress(config, command);
      const running = await startLineflow(config, {
        api: command !== 'worker',
        worker: command !== 'api',
        logger,
      });
      if (running.url) console.log(`Lineflow is running at ${running.url}`);
      if (running.temporalUiUrl) console.log(`Temporal web UI: ${running.temporalUiUrl}`);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping');
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      return;
    }
    case 'migrate': {
      const db = await openDatabase(config);
      console.log(`database schema is up to date (${db.options.type})`);
      await db.destroy();
      return;
    }
    case 'seed': {
      const db = await openDatabase(config);
      const result = await seedDatabase(db, config.seed);
      console.log(result.seeded ? describeSeed(result) : 'database already has users; nothing seeded');
      await db.destroy();
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
