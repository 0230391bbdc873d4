import { h } from './dom.js';
import { resultTable } from './table.js';
import type { Answer } from './types.js';

/** What an answer card can ask its chat to do. */
export interface AnswerActions {
  ask(question: string, opts?: { dataset?: string }): void;
  chooseOption(answer: Answer, option: string): void;
  feedback(answer: Answer, helpful: boolean, correction: Correction | null): Promise<string>;
  /** Column names of a dataset, for corrections. */
  columnsOf(dataset: string): string[];
  downloadCsv(answer: Answer): Promise<void>;
  /** Pin the answer to the board; absent where saving is not allowed (embed tokens). */
  pin?: (answer: Answer) => Promise<string>;
  drawChart(el: HTMLElement, spec: Record<string, unknown>): void;
}

/**
 * "What I understood", one word at a time: each word of the restatement is its own element, so
 * the line reads in as a sequence and a screen reader still gets it whole (aria-label).
 */
export function understoodLine(a: Answer): HTMLElement | null {
  const i = a.interpretation;
  if (!i) return null;
  const words = i.restatement.split(/\s+/).filter(Boolean);
  return h(
    'p',
    { class: 'understood', 'aria-label': `What I understood: ${i.restatement}` },
    h('span', { class: 'understood-label', 'aria-hidden': 'true' }, 'What I understood: '),
    words.map((w, k) => h('span', { class: 'word', style: `animation-delay:${Math.min(k * 45, 1200)}ms`, 'aria-hidden': 'true' }, w)),
    h('span', { class: 'intent', 'aria-hidden': 'true', title: 'intent' }, i.intent.replace(/_/g, ' ')),
  );
}

function buttons(label: string, items: readonly string[], cls: string, onPick: (s: string) => void): HTMLElement | null {
  if (!items.length) return null;
  return h(
    'div',
    { class: `choices ${cls}`, role: 'group', 'aria-label': label },
    h('span', { class: 'choices-label' }, label),
    items.map((s) => h('button', { type: 'button', class: 'chip', onclick: () => onPick(s) }, s)),
  );
}

export interface Correction {
  term?: { phrase: string; column: string; agg?: string; value?: string };
  query?: Record<string, unknown>;
}

const AGGS = ['', 'SUM', 'AVG', 'MIN', 'MAX', 'COUNT', 'COUNT_DISTINCT', 'MEDIAN'];

/** A thumb icon (SVG: emoji fonts are not everywhere). */
function thumb(down: boolean): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6c-.4.4-.6.9-.6 1.4v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z');
  if (down) svg.style.transform = 'rotate(180deg)';
  svg.append(path);
  return svg;
}

/** Thumbs up and down; thumbs down opens a correction: a term mapping, or the query edited. */
function feedbackBar(a: Answer, act: AnswerActions): HTMLElement {
  const status = h('span', { class: 'status', role: 'status' });
  const columns = a.dataset ? act.columnsOf(a.dataset) : [];
  const phrase = h('input', { type: 'text', maxlength: 100, 'aria-label': 'Words of the question', placeholder: 'words, e.g. warmest' });
  const column = h('select', { 'aria-label': 'Column they mean' }, h('option', { value: '' }, 'column…'), columns.map((c) => h('option', { value: c }, c)));
  const agg = h('select', { 'aria-label': 'Aggregation they imply' }, AGGS.map((g) => h('option', { value: g }, g ? g.toLowerCase().replace('_', ' ') : 'no aggregation')));
  const value = h('input', { type: 'text', maxlength: 200, 'aria-label': 'Or a value of the column', placeholder: 'or a value' });
  const query = h('textarea', { rows: 5, 'aria-label': 'The query it should have run (JSON)', spellcheck: false }, a.interpretation ? JSON.stringify(a.interpretation.query, null, 1) : '');
  const form = h(
    'form',
    { class: 'correction', hidden: true },
    h('fieldset', {}, h('legend', {}, 'These words'), phrase, h('span', {}, 'mean'), column, agg, value),
    a.interpretation ? h('details', {}, h('summary', {}, 'or edit the query it ran'), query) : null,
    h('button', { type: 'submit' }, 'Send correction'),
  );
  const send = async (helpful: boolean, c: Correction | null) => {
    status.classList.remove('error');
    status.textContent = 'Sending…';
    try {
      status.textContent = await act.feedback(a, helpful, c);
    } catch (e) {
      status.textContent = (e as Error).message;
      status.classList.add('error');
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const c: Correction = {};
    if (phrase.value.trim() && column.value) {
      c.term = { phrase: phrase.value.trim(), column: column.value, ...(agg.value ? { agg: agg.value } : {}), ...(value.value.trim() ? { value: value.value.trim() } : {}) };
    }
    const original = a.interpretation ? JSON.stringify(a.interpretation.query, null, 1) : '';
    if (query.value.trim() && query.value !== original) {
      try {
        c.query = JSON.parse(query.value) as Record<string, unknown>;
      } catch {
        status.textContent = 'The edited query is not valid JSON.';
        status.classList.add('error');
        return;
      }
    }
    if (!c.term && !c.query) {
      status.textContent = 'Name the words and the column they mean, or edit the query.';
      status.classList.add('error');
      return;
    }
    void send(false, c);
  });
  return h(
    'div',
    { class: 'feedback' },
    h('button', { type: 'button', class: 'icon thumb-up', 'aria-label': 'Helpful', title: 'Helpful', onclick: () => send(true, null) }, thumb(false)),
    h(
      'button',
      {
        type: 'button',
        class: 'icon thumb-down',
        'aria-label': 'Not helpful',
        title: 'Not helpful',
        onclick: () => {
          form.hidden = false;
          phrase.focus();
          void send(false, null);
        },
      },
      thumb(true),
    ),
    status,
    form,
  );
}

/** One answer card: text, understood line, chart, table, choices, feedback and actions. */
export function answerCard(a: Answer, act: AnswerActions): HTMLElement {
  const card = h('article', { class: 'answer', 'data-message-id': a.messageId, tabindex: -1 });
  card.append(h('p', { class: 'answer-text' }, a.text));
  const understood = understoodLine(a);
  if (understood) card.append(understood);
  if (a.chart && a.result?.rows.length) {
    const el = h('div', { class: 'chart', role: 'img', 'aria-label': `Chart: ${a.interpretation?.restatement ?? a.text}` });
    card.append(el);
    act.drawChart(el, a.chart);
  }
  if (a.result && a.result.columns.length) {
    const shown = a.result.rows.length;
    const caption = a.result.truncated || a.result.totalRows > shown ? `${shown} of ${a.result.totalRows} rows` : `${shown} row${shown === 1 ? '' : 's'}`;
    card.append(resultTable(a.result.columns, a.result.rows, caption));
  }
  if (a.clarification) card.append(buttons('Did you mean', a.clarification.options, 'options', (o) => act.chooseOption(a, o)) ?? '');
  card.append(buttons('Try next', a.suggestions, 'suggestions', (s) => act.ask(s, a.dataset ? { dataset: a.dataset } : {})) ?? '');
  const tools = h('div', { class: 'tools' });
  if (a.result && a.interpretation) {
    const note = h('span', { class: 'status', role: 'status' });
    tools.append(
      h('button', { type: 'button', onclick: () => act.downloadCsv(a).then(() => (note.textContent = 'CSV downloaded.'), (e: Error) => (note.textContent = e.message)) }, 'Download CSV'),
    );
    if (act.pin) {
      const pin = act.pin;
      tools.append(h('button', { type: 'button', onclick: () => pin(a).then((m) => (note.textContent = m), (e: Error) => (note.textContent = e.message)) }, 'Pin to board'));
    }
    tools.append(note);
  }
  card.append(tools, feedbackBar(a, act));
  return card;
}
