#!/usr/bin/env -S node --import tsx
import { openDatabase } from '../db/data-source';
import { describeSeed, seedDatabase } from '../runtime/demo-seed';
import { resetPassword } from '../api/auth/reset-password';
import { ConfigError, parseConfig, type LineflowConfig } from '../runtime/config';
import { startLineflow, type RunningLineflow } from '../runtime/lineflow';
import { createLogger } from '../runtime/logger';
import { buildWidgetIfStale, ensureWebBuild } from '../runtime/web-build';

const USAGE = `Usage: lineflow <command>
  start    API + worker in one process; embedded Temporal when TEMPORAL_ADDRESS is unset
  api      the HTTP API only (needs TEMPORAL_ADDRESS)
  worker   the Temporal worker only (needs TEMPORAL_ADDRESS)
  migrate  bring the database schema up to date and exit
  seed     seed an empty database (admin, demo line) and exit
  reset-password <email>  give that employee a new random password, print it and end their sessions
  bench    the benchmark: its own Temporal, database, worker and API, driven over HTTP (--help)
  chaos    the reliability harness: live load while processes are killed and servers stopped (--help)`;

function requireTemporalAddress(config: LineflowConfig, command: string): void {
  if (!config.temporal.address) {
    throw new ConfigError([`lineflow ${command} runs apart from Temporal: set TEMPORAL_ADDRESS (host:port)`]);
  }
}

async function main(command: string | undefined): Promise<void> {
  // The benchmark starts its own servers with their own settings; it reads no environment of ours.
  if (command === 'bench') return (await import('../bench/cli')).benchCommand(process.argv.slice(3));
  if (command === 'chaos') return (await import('../chaos/cli')).chaosCommand(process.argv.slice(3));
  const config = parseConfig();
  const logger = createLogger(config.logLevel);
  switch (command) {
    case 'start':
    case 'api':
    case 'worker': {
      if (command !== 'start') requireTemporalAddress(config, command);
      // The API serves the website chat's script: build it first if its sources are newer (a checkout).
      if (command !== 'worker')
        await buildWidgetIfStale((text) => logger.info(text)).catch((error: Error) =>
          logger.warn({ err: error }, 'the website chat widget could not be built; /widget.js answers 503'),
        );
      let stopping = false;
      // A signal during start-up waits for the start to finish (or fail) and then stops what it started.
      const shutdown = (reason: string, exitCode: number) => {
        if (stopping) return;
        stopping = true;
        logger.info({ reason }, 'stopping');
        void started
          .then((running) => running.stop())
          .catch(() => undefined)
          .finally(() => process.exit(exitCode));
      };
      process.on('SIGINT', () => shutdown('SIGINT', 0));
      process.on('SIGTERM', () => shutdown('SIGTERM', 0));
      // The web app is built (when missing or older than its sources) while the servers start.
      const webBuilt =
        command === 'worker'
          ? Promise.resolve()
          : ensureWebBuild((text) => console.log(text)).catch((error: Error) =>
              console.error(`The web app could not be built; the API runs without it.\n${error.message}`),
            );
      const started: Promise<RunningLineflow> = startLineflow(config, {
        api: command !== 'worker',
        worker: command !== 'api',
        logger,
        // A worker that died leaves a process that looks alive but runs no dialog: exit so a supervisor restarts it.
        onFatal: () => shutdown('worker failed', 1),
      });
      const running = await started;
      await webBuilt;
      if (running.url) console.log(`Lineflow is running at ${running.url}`);
      if (running.temporalUiUrl) console.log(`Temporal web UI: ${running.temporalUiUrl}`);
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
    case 'reset-password': {
      const email = process.argv[3];
      if (!email) {
        console.error(`lineflow reset-password needs the employee's email\n${USAGE}`);
        process.exitCode = 2;
        return;
      }
      const db = await openDatabase(config);
      try {
        const password = await resetPassword(db, email);
        if (password === null) {
          console.error(`No employee signs in as ${email}`);
          process.exitCode = 1;
        } else {
          console.log(`New password for ${email}: ${password}\n(their sessions have ended; sign in again)`);
        }
      } finally {
        await db.destroy();
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      console.error(`Unknown command "${command}"\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
