import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { buildSchema } from '../../../src/graphql/schema.js';
import { createRequestGuards, withoutSafeguards } from '../../../src/server/plugins/requestGuards.js';
import { createLogger } from '../../../src/shared/logger.js';

const config = loadConfig({ LOG_LEVEL: 'silent', INSIGHTQL_MAX_COST: '50000' } as NodeJS.ProcessEnv);
const guards = () => createRequestGuards(config, buildSchema(), createLogger('silent'));
const codeOf = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return String((e as { extensions?: { code?: string } }).extensions?.code);
  }
};

// Apollo hands every request of one query text the same parsed document; the guards remember what
// they found about a document, and these check that remembering never lets a request through.
describe('request guards on a document seen before', () => {
  it('a refused literal is refused every time the same document comes back', () => {
    const g = guards();
    const doc = parse('{ datasets { name } ask(question: "a\\u0000b") { text } }');
    for (let i = 0; i < 3; i++) expect(codeOf(() => g.beforeExecute({ document: doc }))).toBe('BAD_INPUT');
  });

  it('a document whose cost depends on variables is costed per request', () => {
    const g = guards();
    const doc = parse('query($n: Int) { datasets { ingestionRuns(limit: $n) { rejectedRows(limit: $n) { line } } } }');
    expect(codeOf(() => g.beforeExecute({ document: doc, variables: { n: 10 } }))).toBeNull();
    expect(codeOf(() => g.beforeExecute({ document: doc, variables: { n: 1000 } }))).toBe('QUERY_TOO_COMPLEX');
    expect(codeOf(() => g.beforeExecute({ document: doc, variables: { n: 10 } }))).toBeNull();
  });

  it('a document without variables keeps its cost per operation name', () => {
    const g = guards();
    const doc = parse('query Small { datasets { name } } query Big { datasets { ingestionRuns(limit: 1000) { rejectedRows(limit: 1000) { line } } } }');
    for (let i = 0; i < 2; i++) {
      expect(codeOf(() => g.beforeExecute({ document: doc, operationName: 'Small' }))).toBeNull();
      expect(codeOf(() => g.beforeExecute({ document: doc, operationName: 'Big' }))).toBe('QUERY_TOO_COMPLEX');
    }
  });

  it('the benchmark reference has no guard at all', () => {
    const off = withoutSafeguards(guards());
    expect(off.guards).toEqual([]);
    expect(off.validationRules).toEqual([]);
    expect(codeOf(() => off.beforeExecute({ document: parse('{ ask(question: "a\\u0000b") { text } }') }))).toBeNull();
  });
});
