const KEY = 'insightql.theme';

export type Theme = 'light' | 'dark';

/** The theme: an explicit choice (URL or stored), else the system's preference. */
export function initialTheme(explicit?: string | null): Theme {
  if (explicit === 'light' || explicit === 'dark') return explicit;
  const stored = localStorage.getItem(KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(t: Theme, remember = false): void {
  document.documentElement.dataset.theme = t;
  if (remember) localStorage.setItem(KEY, t);
}

export const currentTheme = (): Theme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');
