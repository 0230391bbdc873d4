// Column names made of clipped words ("room_temp", "hs_enrol", "q_categ") or run together
// ("proptax", "cpirate", "realwage", "perurban"): the question's full words ("room temperature",
// "property tax", "cpi rate", "urban") reach them when each piece of the name begins a word
// said, in order, and the pieces use up the whole name. Pure; the vocabulary holds each column's pieces.
import { AGG_WORDS } from './lexicon.js';
import type { VocabEntry, Vocabulary } from './vocabulary.js';

/** A column's name as words ("room", "temp") and as one run of letters ("roomtemp"). */
export interface ColumnPieces {
  column: string;
  words: string[];
  letters: string;
}

/** Words that never begin or end a column's name: a span edged by one is a phrase, not a name. */
const FUNCTION_WORDS = /^(a|an|the|of|in|on|at|to|for|from|with|by|per|and|or|but|is|are|was|were|be|do|does|did|what|which|who|when|where|how|that|this|these|those|it|its|their|each|every|all|any|some|no|not|than|as)$/;

/** Prefixes that qualify the word after them in a run-together name ("perurban", "realwage", "numkids"). */
const MODIFIER_PREFIXES = ['n', 'per', 'pct', 'prop', 'num', 'no', 'avg', 'mean', 'tot', 'total', 'real', 'nom', 'log', 'ln', 'abs', 'rel', 'std', 'med', 'min', 'max'];

/** Endings that make a column of bands or levels of the word before them ("sizegp", "incgrp", "agecat"). */
const GROUP_SUFFIXES = ['gp', 'grp', 'group', 'cat', 'level', 'lvl', 'band', 'class', 'cl'];

/** Pieces of the columns whose names could be clipped words (anything with letters). */
export function columnPieces(columns: readonly { name: string }[], split: (s: string) => string[]): ColumnPieces[] {
  return columns.map((c) => {
    const words = split(c.name);
    return { column: c.name, words, letters: words.join('').replace(/[^a-z]/g, '') };
  });
}

/** Columns the question words `ks` reach by clipped pieces; empty when none. */
export function pieceMatch(ks: readonly string[], vocab: Vocabulary): VocabEntry[] {
  if (!ks.length || ks.length > 4 || !ks.every((k) => /^[a-z]+$/.test(k)) || ks.some((k) => k in AGG_WORDS)) return [];
  // A span with a function word anywhere ("income of men") is a phrase, not a clipped name.
  if (ks.some((k) => FUNCTION_WORDS.test(k))) return [];
  const text = ks.join(' ');
  const out: VocabEntry[] = [];
  for (const p of vocab.pieces) {
    // Several words must start where the name starts: most columns are out at the first letter.
    if (ks.length > 1 && p.letters[0] !== ks[0]![0]) continue;
    const how = ks.length === 1 ? modifiedWord(ks[0]!, p.letters) : p.words.length >= 2 ? clippedWords(ks, p.words) : runTogether(ks, p.letters);
    if (how) out.push({ key: text, target: { kind: 'column', column: p.column }, source: 'abbreviation', score: 0.9, via: `'${p.words.join('_')}' ${how} '${text}'` });
  }
  return out;
}

/** "perurban" = per + "urban", "nvisits" = n + "visits"; "incgp" = the bands of "income". */
function modifiedWord(word: string, letters: string): string | undefined {
  if (word.length < 3 || letters === word) return undefined;
  if (letters.endsWith(word) && MODIFIER_PREFIXES.includes(letters.slice(0, -word.length))) return 'qualifies';
  const suffix = GROUP_SUFFIXES.find((x) => letters.endsWith(x) && letters.length - x.length >= 3);
  return suffix && word.startsWith(letters.slice(0, -suffix.length)) ? 'groups' : undefined;
}

/** "room temp" for "room temperature", "hs enrol" for "high school enrolment": each name word begins a word said, or is the initials of a run. */
function clippedWords(ks: readonly string[], words: readonly string[]): string | undefined {
  if (words.join(' ') === ks.join(' ')) return undefined;
  const go = (i: number, j: number): boolean => {
    if (i === words.length) return j === ks.length;
    if (j >= ks.length) return false;
    const w = words[i]!;
    if (/^[a-z]+$/.test(w) && ks[j]!.startsWith(w) && go(i + 1, j + 1)) return true;
    // "hs" for "high school": initials of as many words as it has letters.
    return w.length >= 2 && /^[a-z]+$/.test(w) && j + w.length <= ks.length && ks.slice(j, j + w.length).every((k, n) => k[0] === w[n]) && go(i + 1, j + w.length);
  };
  // A real clipping: some name word of three or more letters begins a longer word said.
  const clipped = words.some((w) => w.length >= 3 && ks.some((k) => k !== w && k.startsWith(w)));
  return clipped && go(0, 0) ? 'clips' : undefined;
}

/** "proptax" for "property tax", "cpirate" for "cpi rate": the name's letters split into word beginnings, in order. */
function runTogether(ks: readonly string[], letters: string): string | undefined {
  // One word that already begins with the whole name ("income" for "inc") is that word's match, not a run.
  if (ks.length < 2 || letters.length < 4 || ks[0]!.startsWith(letters)) return undefined;
  // Each word gives its first letters (as few as one: "hvol" for "high volume"), and one word
  // must give at least three, so two initials never make a name.
  const go = (at: number, j: number, long: boolean): boolean => {
    if (j === ks.length) return at === letters.length && long;
    const k = ks[j]!;
    for (let n = Math.min(k.length, letters.length - at); n >= 1; n--) {
      if (letters.startsWith(k.slice(0, n), at) && go(at + n, j + 1, long || n >= 3)) return true;
    }
    // The last word may be cut to its consonants' skeleton ("gp" for "group" in "sizegp").
    return j === ks.length - 1 && letters.length - at >= 2 && isSkeleton(letters.slice(at), k) && long;
  };
  return go(0, 0, false) ? 'runs together' : undefined;
}

/** "gp" of "group": the word's first letter, then some of its later letters in order. */
function isSkeleton(short: string, word: string): boolean {
  if (short[0] !== word[0] || short.length >= word.length) return false;
  let j = 1;
  for (let i = 1; i < word.length && j < short.length; i++) if (word[i] === short[j]) j++;
  return j === short.length;
}
