import { createInterface } from 'node:readline/promises';
import type { Answer } from '../chat/answer.js';
import type { Config } from '../config/config.js';
import { AppError, ErrorCode, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { askVia, datasetNamesVia } from './askTransport.js';
import { forgetPhrase, formatLearned, learnedWordsVia } from './learnedCommands.js';
import { formatTable } from './queryCommands.js';
import { withTransport, type Transport, type TransportOptions } from './transport.js';

export interface AskFlags {
  dataset?: string;
  conversation?: string;
  json?: boolean;
}

/** What the CLI prints of an answer (the API's Answer, as the in-process and HTTP paths return it). */
export type AnswerView = Pick<Answer, 'text' | 'confidence' | 'suggestions' | 'conversationId'> & {
  clarification: { message: string; options: string[]; unknownTerms?: string[] } | null;
  interpretation: { restatement: string; intent: string; notes: string[] } | null;
  result: { columns: { name: string }[]; rows: Record<string, unknown>[]; totalRows: number; truncated: boolean } | null;
};

/** Rows printed under an answer; the rest is counted. */
const SHOWN_ROWS = 20;

/** An answer as people read it: the sentence, what was understood, the rows, and what to ask next. */
export function formatAnswer(a: AnswerView): string {
  const out: string[] = [a.text];
  if (a.clarification?.options.length) out.push(`  options: ${a.clarification.options.join(', ')}`);
  if (a.interpretation) out.push(`  understood: ${a.interpretation.restatement} (${a.interpretation.intent}, confidence ${a.confidence.toFixed(2)})`);
  for (const n of a.interpretation?.notes ?? []) out.push(`  note: ${n}`);
  if (a.result && a.result.rows.length > 1) {
    out.push('', formatTable(a.result.columns.map((c) => c.name), a.result.rows.slice(0, SHOWN_ROWS)));
    if (a.result.rows.length > SHOWN_ROWS || a.result.truncated) out.push(`(${Math.min(SHOWN_ROWS, a.result.rows.length)} of ${a.result.totalRows} rows shown)`);
  }
  if (a.suggestions.length) out.push('', `try: ${a.suggestions.map((s) => `"${s}"`).join(' · ')}`);
  return out.join('\n');
}

/** `insightql ask "<question>" [--dataset N] [--conversation ID] [--json]`. */
export async function runAsk(config: Config, log: Logger, args: string[], f: AskFlags, via: TransportOptions): Promise<number> {
  const question = args.join(' ').trim();
  if (!question) throw new AppError(ErrorCode.BAD_INPUT, 'ask needs a question, e.g. insightql ask "total sales by region last year"');
  return withTransport(config, log, via, async (t) => {
    const a = await askVia(t, { question, dataset: f.dataset ?? null, conversationId: f.conversation ?? null });
    if (f.json) console.log(JSON.stringify(a, null, 2));
    else {
      console.log(formatAnswer(a));
      console.log(`\n(conversation ${a.conversationId}; continue it with --conversation ${a.conversationId})`);
    }
    return 0;
  });
}

/** A REPL command: `:name arg` (or `/name arg`, as other chat tools spell them); null for a question. */
export function replCommand(line: string): { name: string; arg: string } | null {
  const m = /^[:/]([a-z]+)\b\s*(.*)$/i.exec(line);
  return m ? { name: m[1]!.toLowerCase(), arg: m[2]!.trim() } : null;
}

const COMMANDS = ':new, :learned [dataset], :forget <phrase>, :quit';

/**
 * `insightql chat [--dataset N] [--conversation ID]`: a REPL that keeps the conversation, so
 * follow-ups ("and in 2013?", "break that down by weather") work. `:new` starts over; `:learned`
 * lists the words learned for the current dataset and `:forget <phrase>` removes one (each also
 * spelled with `/`); `:quit`, `exit` or end of input leaves.
 */
export async function runChat(config: Config, log: Logger, f: AskFlags, via: TransportOptions): Promise<number> {
  return withTransport(config, log, via, async (t) => {
    // Read the names before opening the input: lines piped in would be read (and lost) while this waits.
    const names = await datasetNamesVia(t);
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY ?? false });
    let conversationId: string | null = f.conversation ?? null;
    let current: string | null = f.dataset ?? null;
    console.log(names.length ? `Ask about ${names.join(', ')}. Commands: ${COMMANDS}.` : 'There are no datasets yet; ingest one first (insightql ingest <file>).');
    const prompt = () => {
      rl.setPrompt('> ');
      rl.prompt();
    };
    prompt();
    try {
      for await (const raw of rl) {
        const line = raw.trim();
        const cmd = replCommand(line);
        if (cmd?.name === 'quit' || line === 'exit' || line === 'quit') break;
        if (cmd?.name === 'new') {
          conversationId = null;
          console.log('(new conversation)');
        } else if (cmd) {
          try {
            console.log(await learnedCommand(t, cmd, current));
          } catch (e) {
            if (!isAppError(e)) throw e;
            console.log(`error [${e.code}]: ${e.message}`);
          }
        } else if (line) {
          try {
            // --dataset starts the conversation; after that a question whose words belong to another dataset switches to it.
            const a = await askVia(t, { question: line, dataset: conversationId ? null : (f.dataset ?? null), conversationId });
            if (current && typeof a.dataset === 'string' && a.dataset !== current) console.log(`(now asking about ${a.dataset})`);
            current = typeof a.dataset === 'string' ? a.dataset : current;
            conversationId = a.conversationId;
            console.log(f.json ? JSON.stringify(a, null, 2) : formatAnswer(a));
          } catch (e) {
            // A bad conversation id or a database hiccup ends one question, not the session.
            if (!isAppError(e)) throw e;
            console.log(`error [${e.code}]: ${e.message}`);
            if (e.code === ErrorCode.NOT_FOUND) conversationId = null;
          }
        }
        prompt();
      }
    } finally {
      rl.close();
    }
    return 0;
  });
}

/** `:learned [dataset]` and `:forget <phrase>` on the conversation's dataset; anything else names the commands. */
async function learnedCommand(t: Transport, cmd: { name: string; arg: string }, current: string | null): Promise<string> {
  if (cmd.name !== 'learned' && cmd.name !== 'forget') return `unknown command ':${cmd.name}'; commands: ${COMMANDS}`;
  const dataset = cmd.name === 'learned' && cmd.arg ? cmd.arg : current;
  if (!dataset) return `no dataset yet: ask a question first${cmd.name === 'learned' ? ', or name one (:learned <dataset>)' : ', or start with --dataset'}`;
  return cmd.name === 'learned' ? formatLearned(dataset, await learnedWordsVia(t, dataset)) : forgetPhrase(t, dataset, cmd.arg);
}
