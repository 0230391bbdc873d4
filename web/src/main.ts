import './styles.css';
import { ApiError, clientKeyFrom, createApi, isAuthError, type Credential } from './api.js';
import { mountBoard } from './board.js';
import { explain, mountChat } from './chatView.js';
import { askForCredential, loadCredential } from './credentials.js';
import { datasetPicker } from './datasetPanel.js';
import { h, replace } from './dom.js';
import { DATASETS } from './queries.js';
import { applyTheme, currentTheme, initialTheme } from './theme.js';
import type { Dataset } from './types.js';

/**
 * The web app at /: the chat with a dataset picker, and the board of pinned questions (#/board).
 * With keys configured, a refused request asks for a key (or an embed token) and tries again.
 */
let credential: Credential = loadCredential();
const params = new URLSearchParams(location.search);
applyTheme(initialTheme(params.get('theme')));

const api = createApi({ credential: () => credential, clientKey: clientKeyFrom(localStorage, 'insightql.client') });

const status = h('p', { class: 'app-status', role: 'status' });
const picker = datasetPicker(() => chat.reset());
const chat = mountChat({
  api,
  columnsOf: (name) => picker.find(name)?.columns.map((c) => c.name) ?? [],
  datasetNames: () => picker.names(),
  dataset: () => picker.selected(),
  isDark: () => currentTheme() === 'dark',
  canPin: true,
  onAuthError: (e) => void signIn(explain(e)),
});
const board = mountBoard(api, () => currentTheme() === 'dark');

const themeButton = h('button', { type: 'button', class: 'icon', 'aria-label': 'Switch between light and dark theme', title: 'Theme' }, '◐');
themeButton.addEventListener('click', () => applyTheme(currentTheme() === 'dark' ? 'light' : 'dark', true));
const nav = h('nav', { 'aria-label': 'Pages' }, h('a', { href: '#/' }, 'Chat'), h('a', { href: '#/board' }, 'Board'), h('a', { href: '/graphql' }, 'GraphQL'));
const main = h('main', { id: 'main' });
document.body.append(
  h('a', { class: 'skip', href: '#question' }, 'Skip to the question box'),
  h('header', { class: 'top' }, h('h1', {}, 'InsightQL'), nav, themeButton),
  main,
);

/** Shows the page the hash names; `focus` puts the cursor in the question box (not on first load, where a phone would pop its keyboard up). */
function route(focus = true): void {
  const onBoard = location.hash.startsWith('#/board');
  for (const a of nav.querySelectorAll('a')) a.toggleAttribute('aria-current', a.getAttribute('href') === (onBoard ? '#/board' : '#/'));
  if (onBoard) {
    replace(main, board.element);
    void board.refresh();
  } else {
    if (!main.contains(chat.element)) replace(main, h('div', { class: 'chat-page' }, picker.element, status, chat.element));
    if (focus) chat.focus();
  }
}

let signingIn: Promise<void> | null = null;
function signIn(reason: string): Promise<void> {
  signingIn ??= askForCredential(reason).then((c) => {
    credential = c;
    signingIn = null;
    void loadDatasets();
  });
  return signingIn;
}

async function loadDatasets(): Promise<void> {
  try {
    const { datasets } = await api.gql<{ datasets: Dataset[] }>(DATASETS);
    picker.setDatasets(datasets);
    status.textContent = datasets.length ? '' : 'No datasets yet: load one (see the README), then ask about it.';
    const wanted = params.get('dataset');
    if (wanted) {
      if (picker.find(wanted)) picker.select(wanted);
      else chat.notice(`There is no dataset named "${wanted}"${datasets.length ? `. Pick one of: ${picker.names().join(', ')}.` : '.'}`, 'error');
    }
  } catch (e) {
    if (isAuthError(e)) return signIn(credential.kind === 'none' ? 'This server needs an API key.' : explain(e as ApiError));
    status.textContent = e instanceof ApiError ? explain(e) : String(e);
  }
}

window.addEventListener('hashchange', () => route());
route(false);
void loadDatasets();
