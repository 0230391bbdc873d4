import { enumResolvers } from './enums.js';
import { datasetResolvers } from './dataset.js';
import { insightResolvers } from './insight.js';
import { ingestResolvers } from './ingest.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';

/** Every resolver, merged per type. */
export const resolvers = {
  JSON: JSONScalar,
  DateTime: DateTimeScalar,
  ...enumResolvers,
  Query: { ...datasetResolvers.Query, ...insightResolvers.Query, ...ingestResolvers.Query },
  Mutation: { ...ingestResolvers.Mutation, ...datasetResolvers.Mutation },
  Dataset: datasetResolvers.Dataset,
  Column: datasetResolvers.Column,
  IngestionRun: ingestResolvers.IngestionRun,
};
