import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import type { RequestGuard } from './guard.js';

/**
 * Counts the selections a document writes (fields and fragment spreads, as written) and refuses
 * it above `maxFields` before any other validation work: graphql-js's overlap check compares
 * every pair of same-named fields, so 1,000 copies of one field would block the event loop for
 * seconds. The rule runs when the document is entered; on refusal it returns `null`, which drops
 * the document from the (parallel) validation visit, so no other rule walks its selections.
 */
export function documentShape(maxFields: number): RequestGuard {
  const rule: ValidationRule = (context) => ({
    Document(node) {
      const fields = countSelections(node, maxFields);
      if (fields <= maxFields) return undefined;
      context.reportError(new GraphQLError(`the operation selects more than ${maxFields} fields; split it into smaller ones`, { extensions: { details: { limit: 'fields', max: maxFields } } }));
      return null;
    },
  });
  return { name: 'documentShape', validationRules: [rule] };
}

/** Selections written in the document; counting stops just past `stopAbove`. */
export function countSelections(document: DocumentNode, stopAbove: number): number {
  let n = 0;
  const stack: SelectionSetNode[] = [];
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) stack.push(d.selectionSet);
  }
  while (stack.length) {
    const set = stack.pop()!;
    for (const s of set.selections) {
      if (++n > stopAbove) return n;
      if (s.kind !== Kind.FRAGMENT_SPREAD && s.selectionSet) stack.push(s.selectionSet);
    }
  }
  return n;
}
