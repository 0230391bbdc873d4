import { ApiError, MAX_QUESTION, type Api } from './api.js';
import { answerCard, type AnswerActions, type Correction } from './answerView.js';
import { download, h } from './dom.js';
import { ASK, FEEDBACK, SAVE } from './queries.js';
import type { Answer } from './types.js';

export interface ChatOptions {
  api: Api;
  /** Column names of a dataset (for corrections); empty when unknown. */
  columnsOf(dataset: string): string[];
  /** Dataset names the user may pick, to tell a dataset option from a column or value. */
  datasetNames(): string[];
  /** Dataset to ask about; null lets the server pick from the question. */
  dataset(): string | null;
  isDark(): boolean;
  canPin: boolean;
  onAnswer?(answer: Answer, question: string): void;
  onError?(error: ApiError, question: string): void;
  /** Called when the credential is refused: the app asks for another. */
  onAuthError?(error: ApiError): void;
}

export interface Chat {
  element: HTMLElement;
  ask(question: string, opts?: { dataset?: string }): Promise<Answer | null>;
  /** Forgets the conversation (a new dataset starts a new one). */
  reset(): void;
  focus(): void;
  /** Shows a notice in the conversation (an ignored message, a refused token). */
  notice(text: string, kind?: 'info' | 'error'): void;
}

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'TOKEN_EXPIRED', 'TOKEN_INVALID', 'TOKEN_REVOKED']);

/**
 * The chat: a conversation log (answers keep their conversation, so follow-ups work), a composer
 * that stays usable whatever goes wrong, and the answer cards' actions. The web app and the
 * embedded widget both mount it.
 */
export function mountChat(opts: ChatOptions): Chat {
  let conversationId: string | null = null;
  let lastQuestion = '';
  const log = h('ol', { class: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const input = h('textarea', { id: 'question', rows: 2, 'aria-label': 'Ask a question', placeholder: 'Ask a question, e.g. "average temperature by month"', autocomplete: 'off' });
  const counter = h('span', { class: 'counter', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Ask');
  const form = h('form', { class: 'composer' }, input, h('div', { class: 'composer-side' }, send, counter));
  const element = h('section', { class: 'chat', 'aria-label': 'Chat' }, log, form);

  const updateCounter = () => {
    const n = input.value.length;
    counter.textContent = n > MAX_QUESTION * 0.8 ? `${n.toLocaleString()} / ${MAX_QUESTION.toLocaleString()}` : '';
    counter.classList.toggle('error', n > MAX_QUESTION);
  };
  input.addEventListener('input', updateCounter);
  input.addEventListener('keydown', (ev) => {
    // Enter sends, Shift+Enter breaks the line: the usual chat keys.
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) return notice('Type a question first.', 'error');
    void ask(q).then((a) => {
      if (a) input.value = '';
      updateCounter();
    });
  });

  function notice(text: string, kind: 'info' | 'error' = 'info'): void {
    const li = h('li', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
    log.append(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  function errorItem(e: ApiError, question: string, opts2: { dataset?: string }): HTMLElement {
    const retry = h('button', { type: 'button', onclick: () => void ask(question, opts2) }, 'Try again');
    return h('li', { class: 'notice error', role: 'alert' }, h('span', {}, explain(e)), ' ', e.code === 'NETWORK_ERROR' ? retry : null);
  }

  let pending = false;
  /** The question each answer answered: a clarification option is put back into it. */
  const questions = new Map<string, string>();
  async function ask(question: string, o: { dataset?: string } = {}): Promise<Answer | null> {
    if (question.length > MAX_QUESTION) {
      notice(`That question is ${question.length.toLocaleString()} characters long; questions can be at most ${MAX_QUESTION.toLocaleString()}. Shorten it and ask again.`, 'error');
      return null;
    }
    if (pending) {
      notice('Still answering the last question; one moment.', 'info');
      return null;
    }
    pending = true;
    send.disabled = true;
    lastQuestion = question;
    log.append(h('li', { class: 'question' }, h('p', {}, question)));
    const waiting = h('li', { class: 'waiting', role: 'status' }, 'Thinking…');
    log.append(waiting);
    waiting.scrollIntoView({ block: 'nearest' });
    const dataset = o.dataset ?? opts.dataset();
    try {
      const { ask: a } = await opts.api.gql<{ ask: Answer }>(ASK, { question, dataset, conversationId });
      conversationId = a.conversationId;
      questions.set(a.messageId, question);
      const li = h('li', { class: 'answer-item' }, answerCard(a, actions));
      waiting.replaceWith(li);
      li.scrollIntoView({ block: 'nearest' });
      opts.onAnswer?.(a, question);
      return a;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('NETWORK_ERROR', (e as Error).message);
      // A conversation the server no longer knows: start afresh rather than failing every turn.
      if (err.code === 'NOT_FOUND' && conversationId) conversationId = null;
      waiting.replaceWith(errorItem(err, question, o));
      opts.onError?.(err, question);
      if (AUTH_CODES.has(err.code)) opts.onAuthError?.(err);
      return null;
    } finally {
      pending = false;
      send.disabled = false;
    }
  }

  const actions: AnswerActions = {
    ask: (q, o) => void ask(q, o),
    chooseOption: (a, option) => {
      const asked = lastQuestionOf(a);
      if (opts.datasetNames().includes(option)) return void ask(asked, { dataset: option });
      const term = a.clarification?.unknownTerms.find((t) => asked.toLowerCase().includes(t.toLowerCase()));
      const q = term ? asked.replace(new RegExp(escapeRe(term), 'i'), option) : `${asked} ${option}`;
      void ask(q.slice(0, MAX_QUESTION), a.dataset ? { dataset: a.dataset } : {});
    },
    async feedback(a: Answer, helpful: boolean, correction: Correction | null) {
      const c = correction ? { ...(correction.term ? { term: { ...correction.term, dataset: a.dataset } } : {}), ...(correction.query ? { query: correction.query } : {}) } : null;
      const { answerFeedback: r } = await opts.api.gql<{ answerFeedback: { learned: { phrase: string; column: string }[]; trainingExampleAdded: boolean } }>(FEEDBACK, {
        messageId: a.messageId,
        helpful,
        correction: c,
      });
      if (r.learned.length) return `Thanks: learned ${r.learned.map((l) => `"${l.phrase}" → ${l.column}`).join(', ')}.`;
      if (r.trainingExampleAdded) return 'Thanks: the corrected query will answer this question next time.';
      return helpful ? 'Thanks for the feedback.' : 'Thanks. Tell me what it should have been, below.';
    },
    async downloadCsv(a: Answer) {
      const res = await opts.api.get(`/export?format=csv&messageId=${encodeURIComponent(a.messageId)}`);
      download(await res.blob(), `${a.dataset ?? 'answer'}-${a.messageId.slice(0, 8)}.csv`);
    },
    pin: opts.canPin
      ? async (a: Answer) => {
          await opts.api.gql(SAVE, { input: { messageId: a.messageId } });
          return 'Pinned to the board.';
        }
      : undefined,
    columnsOf: opts.columnsOf,
    drawChart: (el, spec) => drawChart(el, spec, opts.isDark()),
  };

  const lastQuestionOf = (a: Answer) => questions.get(a.messageId) ?? lastQuestion;

  return {
    element,
    ask,
    reset: () => {
      conversationId = null;
    },
    focus: () => input.focus(),
    notice,
  };
}

/** Draws a chart with vega, loaded on first use; a failure leaves a note, never a broken card. */
export function drawChart(el: HTMLElement, spec: Record<string, unknown>, dark: boolean): void {
  el.textContent = 'Drawing chart…';
  import('./chart.js')
    .then(async ({ renderChart }) => {
      el.textContent = '';
      await renderChart(el, spec, dark);
    })
    .catch(() => {
      el.textContent = 'The chart could not be drawn (its code did not load). The rows are below.';
      el.classList.add('error');
    });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A user-facing sentence for an error code. */
export function explain(e: ApiError): string {
  switch (e.code) {
    case 'NETWORK_ERROR':
      return `${e.message}`;
    case 'UNAUTHENTICATED':
    case 'TOKEN_INVALID':
      return `Not signed in: ${e.message}`;
    case 'TOKEN_EXPIRED':
      return 'This embed token has expired. Ask the page owner for a fresh one.';
    case 'FORBIDDEN':
      return `Not allowed: ${e.message}`;
    case 'DATASET_NOT_FOUND':
      return `${e.message}. Pick a dataset from the list.`;
    default:
      return e.message;
  }
}
