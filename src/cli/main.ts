#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { isAppError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { closeUntakenEarly, startEarlyEmbedded } from './earlyEmbedded.js';
import type { TransportOptions } from './transport.js';

const HELP = `insightql — GraphQL insights server

Usage:
  insightql serve                         start the server (PORT, DATABASE_URL, … from the environment)
  insightql migrate                       apply pending database migrations
  insightql ingest <file> [--name N] [--format csv|tsv|json|ndjson|parquet] [--append] [--strict]
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
                                          interactive questions with conversation memory (:new starts over, :learned lists
                                          the words learned from your replies, :forget <phrase> removes one, :quit leaves)
  insightql keys create --tenant T --role viewer|analyst|admin [--rows "column=value"]…
                                          make an API key (direct database access); prints the key alone
  insightql keys list [--tenant T] | insightql keys revoke ID
  insightql replay <dataset|file> --into DATASET [--rate N/s] [--inject spike|shift|burst …] [--column C]
                                          stream a file's or a dataset's rows (up to INSIGHTQL_MAX_ROWS) in time
                                          order as events (to --server, default localhost:4000)
  insightql alerts [--follow] [--dataset N] [--min-severity X] [--after ID]
                                          recent alerts, or with --follow each alert as it comes

Every command but serve and migrate takes --server URL: it then runs on that server (over GraphQL,
with Authorization: Bearer $INSIGHTQL_API_KEY when that is set). Without it, a command on an
embedded database that a running server holds goes to that server on its own.
Enum values may be written as GraphQL writes them (SUM, MONTH, SET_NULL) or in lower case.
Configuration comes from the environment; see the README.`;

const CLEANING_COMMANDS = ['quality', 'clean', 'versions', 'revert', 'prune', 'recipe', 'keys', 'replay', 'alerts'];
/** Commands that speak GraphQL through a transport: without --server they open the database here. */
const TRANSPORT_COMMANDS = ['ingest', 'datasets', 'query', 'quality', 'clean', 'versions', 'revert', 'prune', 'recipe', 'ask', 'chat'];

/** `--server URL` (or `--server=URL`) anywhere in the arguments, taken out for every command. */
function takeServer(argv: string[]): { server: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let server: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--server') server = argv[++i];
    else if (a.startsWith('--server=')) server = a.slice('--server='.length);
    else rest.push(a);
  }
  return { server, rest };
}

async function main(all: string[]): Promise<number> {
  const { server, rest: argv } = takeServer(all);
  const { values, positionals } = parseArgs({
    // The cleaning commands take step parameters and their own options, and parse their arguments themselves.
    args: CLEANING_COMMANDS.includes(argv[0] ?? '') ? argv.slice(0, 1) : argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      format: { type: 'string' },
      append: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
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
  if (server !== undefined && !/^https?:\/\/[^\s/]+/.test(server)) {
    console.error(`--server needs the server's URL, e.g. --server http://localhost:4000 (got '${server ?? ''}')`);
    return 1;
  }
  // The embedded database opens while the command's modules load (see earlyEmbedded.ts).
  if (server === undefined && !config.databaseUrl && TRANSPORT_COMMANDS.includes(cmd)) startEarlyEmbedded(config.dataDir);
  // Each command's modules load only when it runs: `datasets` sent to a server never loads the database.
  const via = async (): Promise<TransportOptions> => ({ server, actor: (await import('./cleanCommands.js')).who() });
  switch (cmd) {
    case 'serve':
      return (await import('./serveCommand.js')).runServe(config, log);
    case 'migrate':
      return (await import('./withServices.js')).withServices(config, log, async (s) => {
        const [r] = await s.warehouse.query<{ n: number }>('SELECT count(*) AS n FROM insightql_migrations');
        console.log(`database is migrated (${r?.n ?? 0} migrations applied)`);
        return 0;
      });
    case 'ingest':
      return (await import('./ingestCommand.js')).runIngest(config, log, rest, values, await via());
    case 'datasets':
      return (await import('./queryCommands.js')).runDatasets(config, log, values, await via());
    case 'query':
      return (await import('./queryCommands.js')).runQuery(config, log, rest, values, await via());
    case 'quality':
      return (await import('./cleanCommands.js')).runQuality(config, log, argv.slice(1), await via());
    case 'clean':
      return (await import('./cleanCommands.js')).runClean(config, log, argv.slice(1), await via());
    case 'versions':
      return (await import('./versionCommands.js')).runVersions(config, log, argv.slice(1), await via());
    case 'revert':
      return (await import('./versionCommands.js')).runRevert(config, log, argv.slice(1), await via());
    case 'prune':
      return (await import('./versionCommands.js')).runPrune(config, log, argv.slice(1), await via());
    case 'recipe':
      return (await import('./versionCommands.js')).runRecipe(config, log, argv.slice(1), await via());
    case 'ask':
      return (await import('./askCommands.js')).runAsk(config, log, rest, values, await via());
    case 'chat':
      return (await import('./askCommands.js')).runChat(config, log, values, await via());
    case 'replay':
      return (await import('./realtimeCommands.js')).runReplay(argv.slice(1), server);
    case 'alerts':
      return (await import('./realtimeCommands.js')).runAlerts(argv.slice(1), server);
    case 'keys':
      return (await import('./keysCommands.js')).runKeys(config, log, argv.slice(1));
    default:
      console.error(`unknown command '${cmd}'\n\n${HELP}`);
      return 1;
  }
}

process.env.DOTENV_CONFIG_QUIET ??= 'true';
main(process.argv.slice(2))
  .finally(closeUntakenEarly)
  .then(
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
