import { apiKeyResolvers } from './apiKeys.js';
import { askResolvers } from './ask.js';
import { cleaningResolvers } from './cleaning.js';
import { enumResolvers } from './enums.js';
import { datasetResolvers } from './dataset.js';
import { embedResolvers } from './embed.js';
import { insightResolvers } from './insight.js';
import { ingestResolvers } from './ingest.js';
import { learnedResolvers } from './learned.js';
import { modelResolvers } from './models.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { recommendResolvers } from './recommend.js';
import { savedResolvers } from './saved.js';
import { subscriptionResolvers } from './subscriptions.js';
import { realtimeResolvers as rt } from './realtime.js';

/** Every resolver, merged per type. */
export const resolvers = {
  JSON: JSONScalar,
  DateTime: DateTimeScalar,
  ...enumResolvers,
  ...cleaningResolvers.enums,
  ...modelResolvers.enums,
  Query: { ...datasetResolvers.Query, ...insightResolvers.Query, ...ingestResolvers.Query, ...cleaningResolvers.Query, ...askResolvers.Query, ...learnedResolvers.Query, ...modelResolvers.Query, ...savedResolvers.Query, ...apiKeyResolvers.Query, ...recommendResolvers.Query },
  Mutation: { ...ingestResolvers.Mutation, ...datasetResolvers.Mutation, ...cleaningResolvers.Mutation, ...askResolvers.Mutation, ...learnedResolvers.Mutation, ...modelResolvers.Mutation, ...savedResolvers.Mutation, ...embedResolvers.Mutation, ...apiKeyResolvers.Mutation, ...recommendResolvers.Mutation },
  Subscription: subscriptionResolvers.Subscription,
  Dataset: datasetResolvers.Dataset,
  Column: datasetResolvers.Column,
  IngestionRun: ingestResolvers.IngestionRun,
  DatasetVersion: cleaningResolvers.DatasetVersion,
  QualityFinding: cleaningResolvers.QualityFinding,
  Model: modelResolvers.Model,
  SavedQuestion: savedResolvers.SavedQuestion,
};
rt.attach(resolvers);
