import './styles.css';
import { ApiError, clientKeyFrom, createApi, type Credential } from './api.js';
import { explain, mountChat } from './chatView.js';
import { credentialOf, loadCredential } from './credentials.js';
import { h } from './dom.js';
import { allowedOrigins, parseHostMessage, tokenClaims, type WidgetMessage } from './messages.js';
import { DATASETS } from './queries.js';
import { applyTheme, currentTheme } from './theme.js';
import type { Dataset } from './types.js';

/**
 * The embedded widget (/embed?dataset=…&token=…&theme=…, or mounted by embed.js): the chat,
 * fixed to the token's datasets, driven by its host page over postMessage.
 */
const params = new URLSearchParams(location.search);
const credential: Credential = loadCredential();
applyTheme(params.get('theme') === 'dark' ? 'dark' : 'light');

const api = createApi({ credential: () => credential, clientKey: clientKeyFrom(sessionStorage, 'insightql.embed-client') });
const inFrame = window.parent !== window;
const claims = credential.kind === 'token' ? tokenClaims(credential.secret) : null;
const origins = inFrame ? allowedOrigins(claims, Array.from(location.ancestorOrigins ?? []), document.referrer) : [];

let datasets: Dataset[] = [];
let dataset: string | null = params.get('dataset');
// A token pasted as the dataset by mistake is caught here rather than shown or sent as a name.
const tokenAsDataset = dataset !== null && credentialOf(dataset).kind === 'token';
if (tokenAsDataset) dataset = null;
const title = h('span', { class: 'embed-title' }, dataset ?? 'InsightQL');
const chat = mountChat({
  api,
  columnsOf: (name) => datasets.find((d) => d.name === name)?.columns.map((c) => c.name) ?? [],
  datasetNames: () => datasets.map((d) => d.name),
  dataset: () => dataset,
  isDark: () => currentTheme() === 'dark',
  canPin: false,
  onAnswer: (answer, question) => post({ type: 'insightql:answer', question, answer, ...(pendingRequest ? { requestId: pendingRequest } : {}) }),
  onError: (e, question) => post({ type: 'insightql:error', question, code: e.code, message: e.message, ...(pendingRequest ? { requestId: pendingRequest } : {}) }),
});
document.body.classList.add('embedded');
document.body.append(h('header', { class: 'embed-top' }, title), h('main', { id: 'main' }, chat.element));

let pendingRequest: string | undefined;

function post(m: WidgetMessage): void {
  // Answers go only to the embedding origin: a page that navigated the frame elsewhere gets nothing.
  if (inFrame) for (const o of origins) window.parent.postMessage(m, o);
}

function setDataset(name: string | null): boolean {
  if (name && datasets.length && !datasets.some((d) => d.name === name)) {
    chat.notice(`There is no dataset "${name}" here. Available: ${datasets.map((d) => d.name).join(', ') || 'none'}.`, 'error');
    post({ type: 'insightql:error', code: 'DATASET_NOT_FOUND', message: `no dataset '${name}'` });
    return false;
  }
  if (name !== dataset) chat.reset();
  dataset = name;
  title.textContent = name ?? 'InsightQL';
  post({ type: 'insightql:dataset', dataset: name });
  return true;
}

window.addEventListener('message', (ev: MessageEvent) => {
  const m = parseHostMessage(ev.data);
  if (!m) return;
  if (!inFrame || ev.source !== window.parent || !origins.includes(ev.origin)) {
    chat.notice(`Ignored a message from ${ev.origin || 'an unknown origin'}: that page is not allowed to control this widget.`, 'error');
    return;
  }
  if (m.type === 'invalid') return chat.notice(`Ignored a message from the host page: ${m.reason}.`, 'error');
  if (m.type === 'insightql:setDataset') setDataset(m.dataset);
  else if (m.type === 'insightql:setTheme') applyTheme(m.theme);
  else {
    pendingRequest = m.requestId;
    void chat.ask(m.question).finally(() => (pendingRequest = undefined));
  }
});

async function start(): Promise<void> {
  if (tokenAsDataset) chat.notice('The dataset parameter holds a token: put the token in token=, and the dataset name in dataset=.', 'error');
  if (credential.kind === 'none') {
    chat.notice('This widget has no embed token. The page that embeds it must pass one (data-token on the script tag, or token= in the frame URL).', 'error');
  } else if (credential.kind === 'key') {
    chat.notice('The token given to this widget is not an embed token (an embed token has three dot-separated parts). Ask the page owner for one made with createEmbedToken.', 'error');
  }
  try {
    ({ datasets } = await api.gql<{ datasets: Dataset[] }>(DATASETS));
    if (dataset && !datasets.some((d) => d.name === dataset)) {
      const wanted = dataset;
      dataset = datasets.length === 1 ? datasets[0]!.name : null;
      title.textContent = dataset ?? 'InsightQL';
      chat.notice(`There is no dataset "${wanted}" here.${datasets.length ? ` Asking ${dataset ? `about ${dataset}` : `about: ${datasets.map((d) => d.name).join(', ')}`} instead.` : ''}`, 'error');
    } else if (!dataset && datasets.length === 1) setDataset(datasets[0]!.name);
  } catch (e) {
    if (credential.kind !== 'none') chat.notice(e instanceof ApiError ? explain(e) : String(e), 'error');
  }
  post({ type: 'insightql:ready', dataset, datasets: datasets.map((d) => d.name) });
}

void start();
