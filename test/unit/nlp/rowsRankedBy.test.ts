// With nothing to group by, rows ranked by the superlative's figure when more was said.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { catalogFromRows, type ColSpec } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const spec = (name: string, type: ColSpec['type'], role: ColSpec['role']): ColSpec => ({ source: name, name, type, role });
const wordnet = (await loadWordNet()) ?? undefined;
// Piglets weighed on several days: a piglet's number names it, it is no figure.
const piglets = catalogFromRows('pigletgrowth', 'pigletgrowth.csv', Array.from({ length: 240 }, (_, i) => ({ weight: 40 + ((i * 37) % 300), week: 1 + (i % 8), piglet: 1 + Math.floor(i / 8), feed: 1 + (Math.floor(i / 8) % 3) })),
  [spec('weight', 'integer', 'measure'), spec('week', 'integer', 'measure'), spec('piglet', 'integer', 'measure'), spec('feed', 'integer', 'dimension')]);
// Poles: three figures, no names.
const poles = catalogFromRows('poles', 'poles.csv', Array.from({ length: 31 }, (_, i) => ({ girth: 8 + (i * 7) % 13, height: 60 + ((i * 11) % 27), weight: 10 + ((i * 13) % 70) })),
  [spec('girth', 'double', 'measure'), spec('height', 'integer', 'measure'), spec('weight', 'double', 'measure')]);
const ctx: PlannerContext = { vocabularies: [piglets, poles].map((d) => buildVocabulary(d.dataset, d.dimensionValues, [], { wordnet })) };
const plan = (q: string, dataset: string) => planQuestion(ctx, q, { dataset });

describe('rows ranked by the superlative figure', () => {
  it('"the top 5 heaviest piglets" lists the rows by weight: the piglet numbers are no figure', () => {
    const p = plan('top 5 heaviest piglets', 'pigletgrowth');
    expect(p.kind === 'query' && p.query.orderBy[0]).toEqual({ field: 'weight', direction: 'desc' });
    expect(p.kind === 'query' && p.query.limit).toBe(5);
    expect(p.kind === 'query' && p.query.dimensions).toContain('piglet');
  });
  it('"the girth of the shortest pole" ranks by height and shows the girth', () => {
    const p = plan("what's the girth of the shortest pole", 'poles');
    expect(p.kind === 'query' && p.query.orderBy[0]).toEqual({ field: 'height', direction: 'asc' });
    expect(p.kind === 'query' && p.query.limit).toBe(1);
    expect(p.kind === 'query' && p.query.dimensions).toContain('girth');
  });
  it('stays off: a total beside the superlative ranks no rows', () => {
    const p = plan('the highest total girth and height', 'poles');
    expect(p.kind === 'query' && p.intent === 'list').toBe(false);
  });
  it('stays off: two figures and no superlative among them', () => {
    const p = plan('top 3 by girth and height', 'poles');
    expect(p.kind === 'query' && p.intent === 'list').toBe(false);
  });
});
