// A column of the year each row began ("foundingyear", "year_built", "birthyear"): a year said of
// the rows filters it when the table has no other time ("founded before 1950"; the verbs of
// beginning are general English, lexicon.ts), and the row that began first is the oldest ("the
// oldest journal" → the lowest founding year). Pure name tests.
import type { CatalogColumn } from '../shared/catalog.js';
import { splitLabel } from './labelPhrases.js';

/** Words of a name that say a beginning. */
const BEGINNING = /^(found|buil|constr|birth|born|start|establish|open|introduc|launch|incorporat)/;

/** The words of a name with "year" split off a run-together one ("foundingyear" → founding, year). */
export function yearNameParts(c: CatalogColumn): string[] {
  return [...splitLabel(c.name), ...splitLabel(c.label)].flatMap((w) => {
    const m = /^(year|yr)([a-z]{3,})$/.exec(w) ?? /^([a-z]{3,})(year|yr)$/.exec(w);
    return m ? [m[1]!, m[2]!] : [w];
  });
}

/** True for a column of the year each row began: "year" with a word of beginning ("foundingyear", "year_built"). */
export function beginsRows(c: CatalogColumn): boolean {
  const parts = yearNameParts(c);
  return parts.some((p) => p === 'year' || p === 'yr') && parts.some((p) => BEGINNING.test(p));
}

/** Words that speak of a beginning or of age: the year a row began is what a year said of it means. */
const BEGINNING_WORDS = /^(founded|founding|built|constructed|born|birth|started|starting|began|begun|established|opened|launched|introduced|incorporated|created|since|old|older|oldest|new|newer|newest|young|younger|youngest|age|ages)$/;

/** True when the question speaks of beginnings or age ("founded before 1950", "the oldest"). */
export function saysBeginning(keys: readonly string[]): boolean {
  return keys.some((k) => BEGINNING_WORDS.test(k));
}

/** True when the table's year axis is a run-together year of beginning ("foundingyear"), not a year of its own. */
export function yearOfBeginning(c: CatalogColumn | undefined): boolean {
  return !!c && !splitLabel(c.name).some((w) => w === 'year' || w === 'years' || w === 'yr') && beginsRows(c);
}
