/**
 * embed.js: `<script src="https://insightql.example/embed.js" data-dataset="sales" data-token="…">`
 * mounts the widget (an iframe of /embed) where the script tag is, or in `data-target`. The token
 * travels in the frame URL's fragment, which browsers never send to a server or in a Referer.
 *
 * The host page drives it with the returned handle (also `window.InsightQL.widgets` and the
 * container's `insightql:*` DOM events): `setDataset(name)`, `ask(question)` → Promise of the
 * answer, `on('answer' | 'error' | 'ready' | 'dataset', fn)`. Messages from the frame are
 * accepted only from the widget's own origin and window.
 */
interface Handle {
  element: HTMLIFrameElement;
  setDataset(name: string): void;
  setTheme(theme: 'light' | 'dark'): void;
  ask(question: string): Promise<unknown>;
  on(event: string, fn: (detail: unknown) => void): void;
}

declare global {
  interface Window {
    InsightQL?: { widgets: Handle[]; mount(script: HTMLScriptElement | HTMLElement, opts?: Record<string, string>): Handle };
  }
}

function mount(anchor: HTMLScriptElement | HTMLElement, opts: Record<string, string> = {}): Handle {
  const d = { ...(anchor as HTMLElement).dataset, ...opts };
  const src = anchor instanceof HTMLScriptElement && anchor.src ? anchor.src : (d.server ?? location.href);
  const origin = new URL(src, location.href).origin;
  const host = d.target ? document.querySelector<HTMLElement>(d.target) : null;
  const container = host ?? document.createElement('div');
  if (!host) anchor.after(container);
  container.classList.add('insightql-widget');

  const url = new URL('/embed', origin);
  if (d.dataset) url.searchParams.set('dataset', d.dataset);
  if (d.theme) url.searchParams.set('theme', d.theme);
  if (d.token) url.hash = `token=${encodeURIComponent(d.token)}`;
  let ready = false;
  const queue: unknown[] = [];
  const frame = document.createElement('iframe');
  frame.src = url.toString();
  frame.title = d.title ?? 'InsightQL chat';
  frame.style.cssText = `width:100%;height:${d.height ?? '560px'};border:1px solid #8884;border-radius:8px;`;
  frame.setAttribute('allow', 'clipboard-write');
  container.append(frame);
  // The widget listens once its page has loaded; its "ready" (sent only to origins it obeys) may
  // never come to a page it does not, which should still see its messages refused, not lost.
  frame.addEventListener('load', () => {
    ready = true;
    for (const q of queue.splice(0)) frame.contentWindow?.postMessage(q, origin);
  });

  const listeners = new Map<string, ((detail: unknown) => void)[]>();
  const waiting = new Map<string, { resolve(v: unknown): void; reject(e: Error): void }>();
  const send = (m: unknown) => (ready ? frame.contentWindow?.postMessage(m, origin) : queue.push(m));
  let seq = 0;

  window.addEventListener('message', (ev: MessageEvent) => {
    if (ev.origin !== origin || ev.source !== frame.contentWindow) return;
    const m = ev.data as { type?: string; requestId?: string; answer?: unknown; message?: string; code?: string };
    if (!m || typeof m.type !== 'string' || !m.type.startsWith('insightql:')) return;
    const name = m.type.slice('insightql:'.length);
    if (name === 'ready') {
      ready = true;
      for (const q of queue.splice(0)) frame.contentWindow?.postMessage(q, origin);
    }
    if (m.requestId && waiting.has(m.requestId)) {
      const w = waiting.get(m.requestId)!;
      waiting.delete(m.requestId);
      if (name === 'answer') w.resolve(m.answer);
      else if (name === 'error') w.reject(Object.assign(new Error(m.message ?? 'error'), { code: m.code }));
    }
    for (const fn of listeners.get(name) ?? []) fn(m);
    container.dispatchEvent(new CustomEvent(m.type, { detail: m }));
  });

  const handle: Handle = {
    element: frame,
    setDataset: (dataset) => send({ type: 'insightql:setDataset', dataset }),
    setTheme: (theme) => send({ type: 'insightql:setTheme', theme }),
    ask(question) {
      const requestId = `r${++seq}`;
      return new Promise((resolve, reject) => {
        waiting.set(requestId, { resolve, reject });
        send({ type: 'insightql:ask', question, requestId });
      });
    },
    on(event, fn) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
    },
  };
  (container as HTMLElement & { insightql?: Handle }).insightql = handle;
  return handle;
}

const registry = (window.InsightQL ??= { widgets: [], mount: (a, o) => mount(a, o) });
const me = document.currentScript as HTMLScriptElement | null;
if (me && (me.dataset.token !== undefined || me.dataset.dataset !== undefined)) registry.widgets.push(mount(me));

export {};
