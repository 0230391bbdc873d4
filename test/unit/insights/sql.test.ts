import { describe, expect, it } from 'vitest';
import { compileSql, ident, join, raw, sql, value, type SqlFragment } from '../../../src/insights/sql.js';
import { isAppError } from '../../../src/shared/errors.js';

describe('sql fragments', () => {
  it('quotes identifiers by doubling embedded quotes', () => {
    expect(compileSql(ident('a"b')).text).toBe('"a""b"');
    expect(compileSql(ident('x"; DROP TABLE t; --')).text).toBe('"x""; DROP TABLE t; --"');
    expect(compileSql(ident('""')).text).toBe('""""""');
    expect(compileSql(ident('amount 💰')).text).toBe('"amount 💰"');
    expect(compileSql(ident('warehouse', 'My Table')).text).toBe('"warehouse"."My Table"');
  });

  it('refuses identifiers Postgres would mangle: empty, NUL, over 63 bytes', () => {
    expect(() => ident('')).toThrow(/empty/);
    expect(() => ident('a\u0000b')).toThrow(/NUL/);
    expect(() => ident('💰'.repeat(16))).toThrow(/63 bytes/); // 64 bytes
    expect(compileSql(ident('💰'.repeat(15))).text).toBe(`"${'💰'.repeat(15)}"`); // 60 bytes
    try {
      ident('x'.repeat(64));
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e, 'BAD_INPUT')).toBe(true);
    }
  });

  it('numbers values $1..$n in text order, across nesting', () => {
    const inner = sql`b = ${value(2)}`;
    const out = compileSql(sql`SELECT * FROM t WHERE a = ${value('x')} AND (${inner}) LIMIT ${value(10)}`);
    expect(out.text).toBe('SELECT * FROM t WHERE a = $1 AND (b = $2) LIMIT $3');
    expect(out.values).toEqual(['x', 2, 10]);
  });

  it('never puts a value into the text, whatever it contains', () => {
    const nasty = ["'; DROP TABLE users; --", '$1', '"quoted"', '\\', '%_', '💥', 'a\u0000b', "' OR 1=1 --"];
    const out = compileSql(sql`SELECT ${join(nasty.map((v) => value(v)), ', ')}`);
    expect(out.text).toBe(`SELECT ${nasty.map((_, i) => `$${i + 1}`).join(', ')}`);
    expect(out.values).toEqual(nasty);
    const arr = compileSql(sql`x = ANY(${value(nasty)})`);
    expect(arr.text).toBe('x = ANY($1)');
    expect(arr.values).toEqual([nasty]);
  });

  it('refuses to interpolate anything but a fragment', () => {
    const userText = "1; DROP TABLE t" as unknown as SqlFragment;
    expect(() => sql`SELECT ${userText}`).toThrow(/not an SqlFragment/);
    expect(() => sql`SELECT ${{ kind: 'raw', text: 'evil' } as unknown as SqlFragment}`).toThrow(/not an SqlFragment/);
    expect(() => join(['a' as unknown as SqlFragment])).toThrow(/not an SqlFragment/);
  });

  it('raw accepts keywords but refuses quotes, comments and semicolons', () => {
    expect(compileSql(raw('::float8')).text).toBe('::float8');
    for (const bad of ["'x'", '"x"', 'a; b', '-- c', '/* c */', 'a\\b']) expect(() => raw(bad)).toThrow(/refusing/);
  });

  it('join uses the separator only between items', () => {
    expect(compileSql(join([ident('a'), ident('b'), ident('c')], ' AND ')).text).toBe('"a" AND "b" AND "c"');
    expect(compileSql(join([], ', ')).text).toBe('');
    expect(compileSql(join([value(1)])).text).toBe('$1');
  });

  it('compiles very deep trees without overflowing the stack', () => {
    let f = sql`${value(0)}`;
    for (let i = 1; i < 20_000; i++) f = sql`(${f} + ${value(i)})`;
    const out = compileSql(f);
    expect(out.values).toHaveLength(20_000);
    expect(out.text.startsWith('('.repeat(19_999) + '$1 + $2)')).toBe(true);
  });
});
