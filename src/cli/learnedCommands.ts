import { AppError, ErrorCode } from '../shared/errors.js';
import type { Transport } from './transport.js';

/** A learned word as the chat REPL prints it (the API's LearnedWord). */
export interface LearnedWordView {
  id: string;
  phrase: string;
  column: string;
  agg: string | null;
  value: string | null;
  end: 'HIGH' | 'LOW' | null;
  scope: 'OWNER' | 'TENANT';
  question: string | null;
}

/** The words the chat learned for `dataset` that change this caller's answers. */
export async function learnedWordsVia(t: Transport, dataset: string): Promise<LearnedWordView[]> {
  const { learnedWords } = await t.request<{ learnedWords: LearnedWordView[] }>(
    `query Learned($dataset: String!) { learnedWords(dataset: $dataset) { id phrase column agg value end scope question } }`,
    { dataset },
  );
  return learnedWords;
}

/** What a word means, in words: "highest wind", "weather = drizzle", "max of price". */
function meaning(w: LearnedWordView): string {
  if (w.value != null) return `${w.column} = ${w.value}`;
  if (w.end) return `${w.end === 'HIGH' ? 'highest' : 'lowest'} ${w.column}`;
  return w.agg ? `${w.agg.toLowerCase()} of ${w.column}` : w.column;
}

/** One line per word, own words first (the order the API gives). */
export function formatLearned(dataset: string, words: readonly LearnedWordView[]): string {
  if (!words.length) return `Nothing learned for ${dataset} yet.`;
  const lines = words.map((w) => `  '${w.phrase}' means ${meaning(w)} (${w.scope === 'OWNER' ? 'yours' : 'whole tenant'})${w.question ? ` — from "${w.question}"` : ''}`);
  return [`Learned for ${dataset}:`, ...lines, 'Remove one with :forget <phrase>.'].join('\n');
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * `:forget <phrase>`: removes the caller's own word with that phrase, else the tenant-wide one
 * (which the server refuses without the analyst role). NOT_FOUND when neither is learned.
 */
export async function forgetPhrase(t: Transport, dataset: string, phrase: string): Promise<string> {
  const said = norm(phrase.replace(/^['"]|['"]$/g, ''));
  if (!said) throw new AppError(ErrorCode.BAD_INPUT, 'name the word to forget, e.g. :forget blustery');
  const words = (await learnedWordsVia(t, dataset)).filter((w) => norm(w.phrase) === said);
  const word = words.find((w) => w.scope === 'OWNER') ?? words[0];
  if (!word) throw new AppError(ErrorCode.NOT_FOUND, `nothing learned as '${said}' for ${dataset}; :learned lists what is`);
  await t.request(`mutation Forget($id: ID!) { forgetLearnedWord(id: $id) }`, { id: word.id });
  return `Forgot '${word.phrase}' (${meaning(word)}) for ${dataset}; it will be asked about again.`;
}
