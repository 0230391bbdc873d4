import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from '../../shared/errors.js';
import type { RequestGuard } from './guard.js';

/** Deepest nesting a variable value may have (filters and JSON rows need a handful). */
export const MAX_VALUE_DEPTH = 64;

const refuse = (message: string, details: Record<string, unknown>) => new GraphQLError(message, { extensions: { code: ErrorCode.BAD_INPUT, details, http: { status: 400 } } });

/**
 * Refuses what no resolver can use and Postgres or the call stack would trip over: a NUL byte in
 * any string (Postgres text cannot hold one; the raw error would be a 500) and values nested
 * deeper than MAX_VALUE_DEPTH (a JSON scalar 100,000 deep overflows the recursive coercion).
 * Variables are walked without recursion; literals in the document are bounded by the token cap.
 */
export function inputSanity(): RequestGuard {
  // Apollo hands every request of one query text the same cached document: its literals are
  // walked once (a full AST visit was ~1% of a mixed load's CPU), its variables every time.
  const passed = new WeakSet<DocumentNode>();
  return {
    name: 'inputSanity',
    beforeExecute(op) {
      if (!passed.has(op.document)) {
        checkLiterals(op.document);
        passed.add(op.document);
      }
      checkVariables(op.variables ?? {});
    },
  };
}

function checkLiterals(document: DocumentNode): void {
  let depth = 0;
  visit(document, {
    enter(node) {
      if (node.kind === Kind.LIST || node.kind === Kind.OBJECT) {
        if (++depth > MAX_VALUE_DEPTH) throw refuse(`an argument is nested more than ${MAX_VALUE_DEPTH} levels deep`, { limit: 'depth', max: MAX_VALUE_DEPTH });
      }
      if (node.kind === Kind.STRING && node.value.includes('\u0000')) {
        throw refuse('a string argument contains a NUL byte (\\u0000), which text cannot hold', { argument: 'literal' });
      }
      return undefined;
    },
    leave(node) {
      if (node.kind === Kind.LIST || node.kind === Kind.OBJECT) depth--;
    },
  });
}

function checkVariables(vars: Readonly<Record<string, unknown>>): void {
  const stack: { v: unknown; path: string; depth: number }[] = Object.entries(vars).map(([k, v]) => ({ v, path: `$${k}`, depth: 0 }));
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw refuse(`${path} contains a NUL byte (\\u0000), which text cannot hold`, { variable: path });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_VALUE_DEPTH) throw refuse(`${path} is nested more than ${MAX_VALUE_DEPTH} levels deep`, { variable: path, limit: 'depth', max: MAX_VALUE_DEPTH });
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]`, depth: depth + 1 }));
    else
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) throw refuse(`${path} has a key with a NUL byte`, { variable: path });
        stack.push({ v: x, path: `${path}.${k}`, depth: depth + 1 });
      }
  }
}
