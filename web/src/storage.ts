/**
 * Web storage that may be refused: browsers deny storage to a third-party frame when the user
 * blocks third-party cookies (the widget inside a BI page is one). Then the values live in memory
 * for the page's life, which is all the widget needs.
 */
export interface SimpleStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function memory(): SimpleStorage {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

export function safeStorage(kind: 'session' | 'local'): SimpleStorage {
  try {
    const s = kind === 'session' ? window.sessionStorage : window.localStorage;
    const probe = '__insightql_probe';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return memory();
  }
}

export const session = safeStorage('session');
export const local = safeStorage('local');
