import { parseBooleanLoose, parseNumberLoose } from '../coerce.js';
import { isMissing } from '../nulls.js';
import { parseDateLoose } from '../parseDate.js';
import { cellChanges, coerceTypeSchema } from '../steps/coerceType.js';
import { shareOf, topExamples, type ColumnInput, type Finding } from './types.js';

export type ValueClass = 'number' | 'loose_number' | 'date' | 'boolean' | 'text';

/** How a text cell reads: a plain number, a number in disguise ("1,234", "$5", "12%", "3 kg"), a date, a boolean, or text. */
export function classifyText(s: string): ValueClass {
  const n = parseNumberLoose(s);
  if (n.ok) return n.notes.some((x) => x !== 'text') || s !== s.trim() ? 'loose_number' : 'number';
  if (parseDateLoose(s).ok) return 'date';
  if (parseBooleanLoose(s).ok) return 'boolean';
  return 'text';
}

/** Share of non-missing values a type needs to count as the column's dominant type. */
export const DOMINANT_SHARE = 0.8;

/**
 * Values of the wrong type for a text column's dominant type: in a mostly numeric column, the
 * numbers written loosely (recoverable) and the values that are not numbers at all (garbage);
 * likewise for dates and booleans. Fix: coerceType, with unparseable values becoming null.
 */
export function detectWrongType(col: ColumnInput): Finding[] {
  if (col.type !== 'text') return [];
  const byClass = new Map<ValueClass, Map<string, number>>();
  const memo = new Map<string, ValueClass>();
  let present = 0;
  for (const v of col.values) {
    if (isMissing(v) || typeof v !== 'string') continue;
    present++;
    let c = memo.get(v);
    if (!c) memo.set(v, (c = classifyText(v)));
    let m = byClass.get(c);
    if (!m) byClass.set(c, (m = new Map()));
    m.set(v, (m.get(v) ?? 0) + 1);
  }
  if (present === 0) return [];
  const total = (c: ValueClass): number => [...(byClass.get(c)?.values() ?? [])].reduce((a, b) => a + b, 0);
  const numeric = total('number') + total('loose_number');
  let dominant: 'number' | 'date' | 'boolean' | null = null;
  if (numeric >= DOMINANT_SHARE * present) dominant = 'number';
  else if (total('date') >= DOMINANT_SHARE * present) dominant = 'date';
  else if (total('boolean') >= DOMINANT_SHARE * present) dominant = 'boolean';
  if (!dominant) return [];
  const recoverable = dominant === 'number' ? byClass.get('loose_number') : undefined;
  const garbage = new Map<string, number>();
  for (const [cls, m] of byClass) {
    const fits = dominant === 'number' ? cls === 'number' || cls === 'loose_number' : cls === dominant;
    if (!fits) for (const [v, k] of m) garbage.set(v, k);
  }
  const nRecoverable = [...(recoverable?.values() ?? [])].reduce((a, b) => a + b, 0);
  const nGarbage = [...garbage.values()].reduce((a, b) => a + b, 0);
  const integral = dominant === 'number' && [...memo].every(([v, c]) => (c !== 'number' && c !== 'loose_number') || Number.isInteger((parseNumberLoose(v) as { value: number }).value));
  const to = dominant === 'number' ? (integral ? 'bigint' : 'double') : dominant === 'date' ? 'date' : 'boolean';
  // The count is what the fix changes, as its preview says: values rewritten (loose numbers, other
  // date formats), values that become null (garbage, null markers); a value already written as
  // its new type ("7" to bigint) only changes type and is not counted.
  const params = coerceTypeSchema.parse({ column: col.name, to, onError: 'null' });
  const changes = new Map<string, boolean>();
  let count = 0;
  for (const v of col.values) {
    if (typeof v !== 'string') continue;
    let c = changes.get(v);
    if (c === undefined) changes.set(v, (c = cellChanges(v, params)));
    if (c) count++;
  }
  return [
    {
      kind: 'wrong_type',
      column: col.name,
      count,
      share: shareOf(count, col.values.length),
      examples: [...topExamples(recoverable ?? new Map(), 3), ...topExamples(garbage, 2)],
      message: `'${col.name}' is stored as text but ${Math.round((100 * (present - nGarbage)) / present)}% of its values are ${dominant === 'number' ? 'numbers' : `${dominant}s`}` +
        (nRecoverable ? `; ${nRecoverable} written loosely (recoverable)` : '') +
        (nGarbage ? `; ${nGarbage} cannot be read as ${dominant === 'number' ? 'numbers' : `${dominant}s`}` : '') +
        `; converting rewrites ${count} value(s)${count === 0 ? ' (only the type changes)' : ''}`,
      fix: { step: 'coerceType', params: { column: col.name, to, onError: 'null' } },
      details: { dominant, recoverable: nRecoverable, garbage: nGarbage, garbageExamples: topExamples(garbage) },
    },
  ];
}
