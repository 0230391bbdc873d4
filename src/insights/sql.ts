import { AppError, ErrorCode } from '../shared/errors.js';

/**
 * A tiny pg-sql2-style fragment builder. SQL is assembled as a tree of typed nodes and compiled
 * once into `{ text, values }`. The only way a runtime value reaches the statement is as a `$n`
 * placeholder; identifiers are always double-quoted; `raw` is for fixed keywords written in
 * source code. Interpolating anything but a fragment into `sql\`...\`` throws, so a string can
 * never be spliced by accident.
 */

const FRAGMENT = Symbol('SqlFragment');

export type SqlNode =
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'ident'; readonly parts: readonly string[] }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'list'; readonly items: readonly SqlFragment[] };

export type SqlFragment = SqlNode & { readonly [FRAGMENT]: true };

export interface CompiledSql {
  text: string;
  values: unknown[];
}

// Postgres silently truncates identifiers longer than NAMEDATALEN - 1 bytes, which would make a
// result key differ from the name the caller asked for (or collide with another one).
const MAX_IDENT_BYTES = 63;

const make = (node: SqlNode): SqlFragment => ({ ...node, [FRAGMENT]: true }) as SqlFragment;

/** True when `x` was built by this module. */
export function isSqlFragment(x: unknown): x is SqlFragment {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[FRAGMENT] === true;
}

/** Tagged template: literal parts are trusted source text, every interpolation must be a fragment. */
export function sql(strings: TemplateStringsArray, ...args: SqlFragment[]): SqlFragment {
  const items: SqlFragment[] = [];
  strings.forEach((s, i) => {
    if (s) items.push(make({ kind: 'raw', text: s }));
    if (i < args.length) {
      const a: unknown = args[i];
      if (!isSqlFragment(a)) throw new Error(`sql\`\`: interpolation #${i + 1} is not an SqlFragment; wrap it in value() or ident()`);
      items.push(a);
    }
  });
  return make({ kind: 'list', items });
}

/** A quoted identifier; several parts make a qualified name (`"schema"."table"`). */
export function ident(...parts: string[]): SqlFragment {
  if (parts.length === 0) throw new Error('ident() needs at least one part');
  for (const p of parts) {
    if (typeof p !== 'string' || p.length === 0) throw new AppError(ErrorCode.BAD_INPUT, 'an SQL identifier cannot be empty');
    if (p.includes('\u0000')) throw new AppError(ErrorCode.BAD_INPUT, 'an SQL identifier cannot contain a NUL character');
    if (Buffer.byteLength(p, 'utf8') > MAX_IDENT_BYTES) {
      throw new AppError(ErrorCode.BAD_INPUT, `identifier '${p.slice(0, 40)}…' is longer than ${MAX_IDENT_BYTES} bytes`);
    }
  }
  return make({ kind: 'ident', parts: [...parts] });
}

/** A bound value: always compiles to a `$n` placeholder, never to text. */
export function value(v: unknown): SqlFragment {
  return make({ kind: 'value', value: v });
}

// raw() is for keywords and operators chosen in source code. Refusing quotes, comments and
// semicolons means a mistaken raw(userText) fails loudly instead of becoming an injection.
const RAW_FORBIDDEN = /['";\\]|--|\/\*|\u0000/;

/** Fixed SQL text (keywords, operators, casts) written in source code; never user input. */
export function raw(text: string): SqlFragment {
  if (RAW_FORBIDDEN.test(text)) throw new Error(`raw(): refusing text with quotes, comments or semicolons: ${JSON.stringify(text)}`);
  return make({ kind: 'raw', text });
}

/** Concatenates fragments with a separator (itself fixed text), e.g. join(cols, ', '). */
export function join(fragments: readonly SqlFragment[], sep = ', '): SqlFragment {
  const items: SqlFragment[] = [];
  const sepFrag = raw(sep);
  fragments.forEach((f, i) => {
    if (!isSqlFragment(f)) throw new Error(`join(): item #${i + 1} is not an SqlFragment`);
    if (i > 0 && sep) items.push(sepFrag);
    items.push(f);
  });
  return make({ kind: 'list', items });
}

/** The quoted form of one identifier part: `a"b` → `"a""b"`. */
export function quoteIdentPart(part: string): string {
  return `"${part.replace(/"/g, '""')}"`;
}

/** Compiles a fragment tree into statement text with `$1…$n` placeholders and their values. */
export function compileSql(fragment: SqlFragment): CompiledSql {
  const out: string[] = [];
  const values: unknown[] = [];
  // Iterative walk: deep AND/OR trees must not blow the stack.
  const stack: SqlFragment[] = [fragment];
  while (stack.length) {
    const f = stack.pop()!;
    switch (f.kind) {
      case 'raw':
        out.push(f.text);
        break;
      case 'ident':
        out.push(f.parts.map(quoteIdentPart).join('.'));
        break;
      case 'value':
        values.push(f.value);
        out.push(`$${values.length}`);
        break;
      case 'list':
        for (let i = f.items.length - 1; i >= 0; i--) stack.push(f.items[i]!);
        break;
      default: {
        const never: never = f;
        throw new Error(`unknown SQL fragment ${JSON.stringify(never)}`);
      }
    }
  }
  return { text: out.join(''), values };
}
