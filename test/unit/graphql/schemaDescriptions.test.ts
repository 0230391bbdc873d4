import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';

/** Every named element of the schema, each with whether it carries a description. */
function schemaElements(schema: GraphQLSchema): { path: string; described: boolean }[] {
  const out: { path: string; described: boolean }[] = [];
  const add = (path: string, description: string | null | undefined) => out.push({ path, described: !!description?.trim() });
  for (const t of Object.values(schema.getTypeMap())) {
    if (t.name.startsWith('__') || isSpecifiedScalarType(t)) continue;
    add(t.name, t.description);
    if (isObjectType(t) || isInterfaceType(t)) {
      for (const f of Object.values(t.getFields())) {
        add(`${t.name}.${f.name}`, f.description);
        for (const a of f.args) add(`${t.name}.${f.name}(${a.name})`, a.description);
      }
    } else if (isInputObjectType(t)) {
      for (const f of Object.values(t.getFields())) add(`${t.name}.${f.name}`, f.description);
    } else if (isEnumType(t)) {
      for (const v of t.getValues()) add(`${t.name}.${v.name}`, v.description);
    }
  }
  return out;
}

describe('schema.graphql documents everything a client sees', () => {
  // The whole file, as clients (and BI tools reading introspection) see it: new blocks are covered too.
  const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8'));
  const elements = schemaElements(schema);

  it('reads a real schema', () => {
    expect(elements.length).toBeGreaterThan(700);
  });

  it('every type, field, argument, input field and enum value has a description', () => {
    const missing = elements.filter((e) => !e.described).map((e) => e.path);
    expect(missing, `${missing.length} of ${elements.length} schema elements lack a description`).toEqual([]);
  });
});
