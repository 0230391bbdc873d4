import type { Credential } from './api.js';
import { h } from './dom.js';

const KEY = 'insightql.credential';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A key or an embed token, told apart by shape (tokens are JWTs). */
export function credentialOf(secret: string): Credential {
  const s = secret.trim();
  if (!s) return { kind: 'none' };
  return JWT.test(s) ? { kind: 'token', secret: s } : { kind: 'key', secret: s };
}

/**
 * The credential of this tab: a `token` in the page's URL (query or fragment, then removed from
 * the address bar so it is not copied around), else what was entered earlier in this tab. Kept in
 * sessionStorage: gone when the tab closes, never shared with other sites.
 */
export function loadCredential(): Credential {
  const url = new URL(location.href);
  // Hash routes (#/board) are not parameters; a fragment like #token=… is.
  const frag = new URLSearchParams(url.hash.startsWith('#/') ? '' : url.hash.slice(1));
  const fromUrl = url.searchParams.get('token') ?? frag.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + (frag.has('token') ? '' : url.hash));
    const c = credentialOf(fromUrl);
    if (c.kind !== 'none') sessionStorage.setItem(KEY, c.secret);
    return c;
  }
  return credentialOf(sessionStorage.getItem(KEY) ?? '');
}

export function storeCredential(c: Credential): void {
  if (c.kind === 'none') sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, c.secret);
}

/** Asks for an API key or an embed token in a modal dialog; resolves with what was entered. */
export function askForCredential(reason: string): Promise<Credential> {
  return new Promise((resolve) => {
    const input = h('input', { type: 'password', id: 'credential', autocomplete: 'off', required: true, 'aria-describedby': 'credential-why' });
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', {}, 'Sign in'),
      h('p', { id: 'credential-why' }, reason),
      h('label', { for: 'credential' }, 'API key or embed token'),
      input,
      error,
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Continue')),
    );
    const dialog = h('dialog', { class: 'signin', 'aria-labelledby': 'signin-title' }, form);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const c = credentialOf(input.value);
      if (c.kind === 'none') {
        error.textContent = 'Paste a key or a token.';
        return;
      }
      dialog.close();
      dialog.remove();
      storeCredential(c);
      resolve(c);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
