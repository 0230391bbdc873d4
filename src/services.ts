import type { PGlite } from '@electric-sql/pglite';
import { Authenticator } from './auth/authenticate.js';
import { KeyStore } from './auth/keyStore.js';
import { AskService } from './chat/askService.js';
import type { LearnedChannel } from './chat/learnedChanges.js';
import { LearnedWords } from './chat/learnedWords.js';
import { modelRunner } from './chat/modelAnswers.js';
import { CleaningService } from './cleaning/cleaningService.js';
import type { Config } from './config/config.js';
import { openBus, type Bus } from './events/bus.js';
import { EventBus } from './events/eventBus.js';
import { RealtimeService } from './realtime/realtimeService.js';
import { DatasetService } from './datasets/datasetService.js';
import { EmbedTokenService } from './embed/embedTokenService.js';
import { SigningKeys } from './embed/signingKeys.js';
import { apiKeyStatus, datasetScopeCheck } from './embed/tokenScope.js';
import { IngestService } from './ingest/ingestService.js';
import { InsightService } from './insights/insightService.js';
import { ModelService } from './models/modelService.js';
import { RecommendService } from './recommend/recommendService.js';
import { SavedQuestionService } from './saved/savedQuestionService.js';
import type { Logger } from './shared/logger.js';
import { CatalogRepository } from './warehouse/catalogRepository.js';
import { Warehouse } from './warehouse/warehouse.js';

/** Every domain service, wired once per process over one warehouse. */
export interface Services {
  config: Config;
  log: Logger;
  warehouse: Warehouse;
  catalog: CatalogRepository;
  ingest: IngestService;
  events: EventBus;
  insights: InsightService;
  datasets: DatasetService;
  cleaning: CleaningService;
  ask: AskService;
  /** What the chat learned, as its users see and remove it. */
  learnedWords: LearnedWords;
  /** Model registry, series, drivers and auto insights. */
  models: ModelService;
  /** Cross-process channel (LISTEN/NOTIFY on Postgres, in-process embedded). */
  bus: Bus;
  /** Events, detectors, alerts and feedback. */
  realtime: RealtimeService;
  /** API keys and who a request is (src/auth/). */
  keys: KeyStore;
  auth: Authenticator;
  /** Embed tokens: made by analyst/admin keys, verified on every use. */
  embedTokens: EmbedTokenService;
  /** Saved questions (the board). */
  saved: SavedQuestionService;
  /** Next questions and insights (co-occurrence over conversations, auto insights to start). */
  recommend: RecommendService;
}

/**
 * Opens the warehouse, migrates it, recovers interrupted loads and builds the services.
 * `shortLived`: one CLI command, which needs a smaller embedded database cache; `embeddedDb`: the
 * embedded database when the caller has already started opening it.
 */
export async function createServices(config: Config, log: Logger, opts: { shortLived?: boolean; embeddedDb?: Promise<PGlite> } = {}): Promise<Services> {
  const warehouse = await Warehouse.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: log, queryTimeoutMs: config.queryTimeoutMs, shortLived: opts.shortLived, readerQueuePerKey: config.limits.readerQueuePerKey, embeddedDb: opts.embeddedDb });
  try {
    const applied = await warehouse.migrate();
    if (applied.length) log.info({ applied }, 'migrations applied');
    const catalog = new CatalogRepository(warehouse);
    const events = new EventBus();
    const bus = await openBus(config.databaseUrl, log.child({ component: 'bus' }));
    events.attach(bus);
    const ingest = new IngestService(warehouse, log.child({ component: 'ingest' }), events);
    const dropped = await ingest.recoverInterrupted();
    if (dropped) log.warn({ dropped }, 'cleaned up loads interrupted by an earlier stop');
    const insights = new InsightService(warehouse, catalog, { queryTimeoutMs: config.queryTimeoutMs, maxRows: config.maxRows });
    const cleaning = new CleaningService(warehouse, log.child({ component: 'cleaning' }));
    const models = new ModelService(warehouse, catalog, { queryTimeoutMs: config.queryTimeoutMs });
    const recommend = new RecommendService(warehouse, catalog, (d, n) => models.scanner.scan(d, n), log.child({ component: 'recommend' }));
    const ask = new AskService(warehouse, catalog, insights, log.child({ component: 'ask' }), { queryTimeoutMs: config.queryTimeoutMs, learnedMaxAgeMs: config.learnedMaxAgeMs, models: modelRunner(models), askedNext: (d, q) => recommend.askedNext(d, q), learnedChannel: learnedChannel(bus) });
    const realtime = new RealtimeService(warehouse, bus, events, log.child({ component: 'realtime' }), { driftFactor: config.driftFactor ?? 2, databaseUrl: config.databaseUrl });
    await realtime.start();
    const embedTokens = new EmbedTokenService(warehouse, new SigningKeys(warehouse, config.embedSecret), apiKeyStatus(warehouse), datasetScopeCheck(catalog));
    const saved = new SavedQuestionService(warehouse, insights);
    const keys = new KeyStore(warehouse);
    const auth = new Authenticator(keys, { required: config.authRequired ?? false });
    // JWT-shaped bearer tokens are embed tokens (src/embed/): verified there, read-only principals.
    auth.setEmbedVerifier((token, clientKey) => embedTokens.verify(token, clientKey));
    return { config, log, warehouse, catalog, ingest, events, insights, datasets: new DatasetService(warehouse, events), cleaning, ask, learnedWords: new LearnedWords(warehouse, catalog, ask.vocabularies, ask.learnedChanges), models, keys, auth, embedTokens, saved, bus, realtime, recommend };
  } catch (e) {
    await warehouse.close().catch(() => undefined);
    throw e;
  }
}

/** Learned-word changes over the bus, so src/chat needs no transport of its own. */
export function learnedChannel(bus: Bus): LearnedChannel {
  return {
    publish: (c) => bus.send({ t: 'learned', tenant: c.tenant, owner: c.owner, ...(c.all ? { all: true as const } : {}) }),
    subscribe: (handler) =>
      bus.onMessage((m) => {
        if (m.t === 'learned') handler({ tenant: m.tenant, owner: m.owner, ...(m.all ? { all: true } : {}) });
      }),
  };
}
