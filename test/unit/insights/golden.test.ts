import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileInsight } from '../../../src/insights/compile.js';
import { describeQuery } from '../../../src/insights/describe.js';
import { parseInsightQuery } from '../../../src/insights/insightQuery.js';
import { CATALOGS } from '../../fixtures/insights/catalogs.js';

// Golden tests: query → SQL text + values, kept as reviewed fixture files. Regenerate after a
// deliberate change with UPDATE_GOLDEN=1 and review the diff like code.
const dir = fileURLToPath(new URL('../../fixtures/insights/', import.meta.url));
const cases = JSON.parse(readFileSync(`${dir}queries.json`, 'utf8')) as Record<string, { query: unknown; anchor?: string | null }>;
const NOW = new Date('2016-06-15T12:34:56Z');

const render = (description: string, text: string, values: unknown[]): string => `-- ${description}\n${text}\n-- values: ${JSON.stringify(values)}\n`;

describe('golden: query → SQL', () => {
  it('has about 25 cases', () => {
    expect(Object.keys(cases).length).toBeGreaterThanOrEqual(25);
  });

  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const q = parseInsightQuery(c.query);
      const ds = CATALOGS[q.dataset]!;
      const out = compileInsight(q, ds, { anchor: c.anchor, now: NOW, maxRows: 10_000 });
      const actual = render(describeQuery(q, ds), out.text, out.values);
      const file = `${dir}golden/${name}.sql`;
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
      expect(actual).toBe(readFileSync(file, 'utf8'));
      // Whatever the query, no value may appear spliced into the text.
      for (const v of out.values) {
        if (typeof v === 'string' && v.length > 3) expect(out.text).not.toContain(v);
      }
      expect(out.text.match(/\$\d+/g)?.length ?? 0).toBeGreaterThanOrEqual(out.values.length);
      // Outside quoted identifiers the text is only the compiler's own SQL: one statement.
      const unquoted = out.text.replace(/"(?:[^"]|"")*"/g, '""');
      expect(unquoted).not.toContain(';');
      expect(unquoted).not.toMatch(/DROP/i);
    });
  }
});
