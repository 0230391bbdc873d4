#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { isAppError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { runAsk, runChat } from './askCommands.js';
import { runClean, runQuality } from './cleanCommands.js';
import { runIngest } from './ingestCommand.js';
import { KEYS_HELP, runKeys } from './keysCommands.js';
import { runQuery, runDatasets } from './queryCommands.js';
import { runServe } from './serveCommand.js';
import { runPrune, runRecipe, runRevert, runVersions } from './versionCommands.js';
import { withServices } from './withServices.js';

const HELP = `insightql — GraphQL insights server

Usage:
  insightql serve                         start the server (PORT, DATABASE_URL, … from the environment)
  insightql migrate                       apply pending database migrations
  insightql ingest <file> [--name N] [--format csv|tsv|json|ndjson|parquet] [--append] [--strict] [--server URL]
  insightql datasets                      list datasets with row counts
  insightql query '<InsightQuery JSON>' [--json]
                                          run a structured insight query
  insightql quality <dataset> [--key col1,col2] [--json]
                                          data quality report, each finding with the command that fixes it
  insightql clean <dataset> <step> [--param value …] [--preview] [--json]
                                          apply (or preview) a cleaning step as a new version; steps:
                                          removeDuplicates standardizeValues trimAndCase coerceType
                                          imputeMissing handleOutliers renameColumn dropColumns
  insightql versions <dataset> [--json]   a dataset's versions with their lineage (step, parameters, rows, who)
  insightql revert <dataset> <version>    make an earlier version's rows current again (as a new version)
  insightql prune <dataset> --keep N      drop the rows of all but the newest N versions (lineage stays)
  insightql recipe <dataset> [--json]     the cleaning steps new data goes through
  insightql ask "<question>" [--dataset N] [--conversation ID] [--json]
                                          answer a question in plain English (what was understood, rows, next questions)
  insightql chat [--dataset N] [--conversation ID]
                                          interactive questions with conversation memory (:new starts over, :quit leaves)
${KEYS_HELP}

Configuration comes from the environment; see the README.`;

const CLEANING_COMMANDS = ['quality', 'clean', 'versions', 'revert', 'prune', 'recipe', 'keys'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    // The cleaning commands take step parameters and their own options, and parse their arguments themselves.
    args: CLEANING_COMMANDS.includes(argv[0] ?? '') ? argv.slice(0, 1) : argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      format: { type: 'string' },
      append: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      server: { type: 'string' },
      json: { type: 'boolean', default: false },
      dataset: { type: 'string' },
      conversation: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [cmd, ...rest] = positionals;
  if (values.help || !cmd) {
    console.log(HELP);
    return cmd || values.help ? 0 : 1;
  }
  const config = loadConfig();
  // The CLI logs only warnings unless asked: its output is for people.
  const log = createLogger(process.env.LOG_LEVEL ?? (cmd === 'serve' ? config.logLevel : 'warn'));
  switch (cmd) {
    case 'serve':
      return runServe(config, log);
    case 'migrate':
      return withServices(config, log, async (s) => {
        const [r] = await s.warehouse.query<{ n: number }>('SELECT count(*) AS n FROM insightql_migrations');
        console.log(`database is migrated (${r?.n ?? 0} migrations applied)`);
        return 0;
      });
    case 'ingest':
      return runIngest(config, log, rest, values);
    case 'datasets':
      return runDatasets(config, log, values);
    case 'query':
      return runQuery(config, log, rest, values);
    case 'quality':
      return runQuality(config, log, argv.slice(1));
    case 'clean':
      return runClean(config, log, argv.slice(1));
    case 'versions':
      return runVersions(config, log, argv.slice(1));
    case 'revert':
      return runRevert(config, log, argv.slice(1));
    case 'prune':
      return runPrune(config, log, argv.slice(1));
    case 'recipe':
      return runRecipe(config, log, argv.slice(1));
    case 'ask':
      return runAsk(config, log, rest, values);
    case 'chat':
      return runChat(config, log, values);
    case 'keys':
      return runKeys(config, log, argv.slice(1));
    default:
      console.error(`unknown command '${cmd}'\n\n${HELP}`);
      return 1;
  }
}

process.env.DOTENV_CONFIG_QUIET ??= 'true';
main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined && code !== null && code >= 0) process.exitCode = code;
  },
  (e) => {
    if (e instanceof ConfigError) console.error(e.message);
    else if (isAppError(e)) console.error(`error [${e.code}]: ${e.message}`);
    else if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(`${(e as Error).message}\n\n${HELP}`);
    else console.error(e);
    process.exitCode = 1;
  },
);
