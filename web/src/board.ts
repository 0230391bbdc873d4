import { ApiError, type Api } from './api.js';
import { drawChart, explain } from './chatView.js';
import { h, replace } from './dom.js';
import { DELETE_SAVED, RUN_SAVED, SAVED } from './queries.js';
import { resultTable } from './table.js';
import type { Answer, SavedQuestion } from './types.js';

/** The board: every pinned question, each re-run when shown, with its chart. */
export function mountBoard(api: Api, isDark: () => boolean): { element: HTMLElement; refresh(): Promise<void> } {
  const list = h('div', { class: 'board-list' });
  const element = h('section', { class: 'board', 'aria-label': 'Board' }, h('h2', {}, 'Board'), list);

  async function card(s: SavedQuestion): Promise<HTMLElement> {
    const body = h('div', { class: 'saved-body' }, h('p', { class: 'waiting' }, 'Running…'));
    const del = h('button', { type: 'button', class: 'icon', 'aria-label': `Remove "${s.title}" from the board` }, '✕');
    const el = h('article', { class: 'saved', 'data-saved-id': s.id }, h('header', {}, h('h3', {}, s.title), del), body);
    del.addEventListener('click', async () => {
      try {
        await api.gql(DELETE_SAVED, { id: s.id });
        el.remove();
      } catch (e) {
        body.prepend(h('p', { class: 'notice error', role: 'alert' }, e instanceof ApiError ? explain(e) : String(e)));
      }
    });
    api
      .gql<{ savedQuestion: SavedQuestion & { run: Answer } }>(RUN_SAVED, { id: s.id })
      .then(({ savedQuestion: { run } }) => {
        replace(body, h('p', { class: 'answer-text' }, run.text));
        if (run.chart && run.result?.rows.length) {
          const c = h('div', { class: 'chart', role: 'img', 'aria-label': `Chart: ${s.title}` });
          body.append(c);
          drawChart(c, run.chart, isDark());
        }
        if (run.result) body.append(resultTable(run.result.columns, run.result.rows, `${run.result.rows.length} of ${run.result.totalRows} rows`, 50));
      })
      .catch((e: unknown) => replace(body, h('p', { class: 'notice error', role: 'alert' }, e instanceof ApiError ? explain(e) : String(e))));
    return el;
  }

  async function refresh(): Promise<void> {
    replace(list, h('p', { class: 'waiting' }, 'Loading…'));
    try {
      const { savedQuestions } = await api.gql<{ savedQuestions: SavedQuestion[] }>(SAVED);
      if (!savedQuestions.length) return replace(list, h('p', {}, 'Nothing pinned yet. Ask a question in the chat and press "Pin to board".'));
      replace(list, ...(await Promise.all(savedQuestions.map(card))));
    } catch (e) {
      replace(list, h('p', { class: 'notice error', role: 'alert' }, e instanceof ApiError ? explain(e) : String(e)));
    }
  }
  return { element, refresh };
}
