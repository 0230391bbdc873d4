import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, validate } from 'graphql';
import { buildSchema } from '../../../src/graphql/schema.js';

/** Every ```graphql block of the README, one operation per line-separated chunk. */
function readmeOperations(): string[] {
  const md = readFileSync('README.md', 'utf8');
  const blocks = [...md.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  // Blocks may hold several one-line operations; split on lines that start a new operation.
  return blocks.flatMap((b) => b.split(/\n(?=\{|mutation|subscription|query)/).map((x) => x.trim()).filter(Boolean));
}

describe('the README', () => {
  const schema = buildSchema();
  const ops = readmeOperations();

  it('has GraphQL examples', () => {
    expect(ops.length).toBeGreaterThanOrEqual(6);
  });

  it.each(ops.map((o) => [o.slice(0, 60).replace(/\s+/g, ' '), o]))('example is valid against schema.graphql: %s', (_label, op) => {
    const errors = validate(schema, parse(op));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
