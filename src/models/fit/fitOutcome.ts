import { AppError, ErrorCode } from '../../shared/errors.js';
import type { RegularSeries } from '../series/regularSeries.js';
import { fitModel, type FitParams, type FittedModel, type ModelKind } from './fitModel.js';

/** One model to train, named by the caller (e.g. the segment value). */
export interface FitItem {
  id: string;
  kind: ModelKind;
  series: RegularSeries;
  params: FitParams;
}

/** A trained model or the client-safe reason it could not be trained. */
export type FitOutcome = { id: string; model: FittedModel } | { id: string; error: { code: ErrorCode; message: string } };

/** Message from the pool to a fit worker: a chunk of models to train. */
export interface FitJob {
  jobId: number;
  items: FitItem[];
}

/** Trains one item; a failure (too short, constant…) becomes an outcome, never a crash of the batch. */
export function fitOutcome(item: FitItem): FitOutcome {
  try {
    return { id: item.id, model: fitModel(item.kind, item.series, item.params) };
  } catch (e) {
    if (e instanceof AppError) return { id: item.id, error: { code: e.code, message: e.message } };
    return { id: item.id, error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'internal error' } };
  }
}
