import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../../src/graphql/schema.js';
import { readmeExamples } from '../../../web/src/readmeExamples.js';

describe('the IDE’s opening tabs (the README’s examples)', () => {
  const tabs = readmeExamples(readFileSync('README.md', 'utf8'));

  it('are every README GraphQL operation, each named after its first field', () => {
    expect(tabs.length).toBeGreaterThanOrEqual(5);
    const names = tabs.map((t) => /^(?:query|mutation|subscription) (\w+)/.exec(t.query)?.[1]);
    expect(names).not.toContain(undefined);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('Ask');
  });

  it('are valid against the schema', () => {
    const schema = buildSchema();
    for (const t of tabs) expect(validate(schema, parse(t.query)).map((e) => e.message), t.query).toEqual([]);
  });

  it('split a block with several operations and keep a named one as it is', () => {
    const md = '```graphql\n{ a { b } }\n{ a { c } }\nquery Named { x }\n```\n';
    expect(readmeExamples(md).map((t) => t.query)).toEqual(['query A { a { b } }', 'query A2 { a { c } }', 'query Named { x }']);
  });
});
