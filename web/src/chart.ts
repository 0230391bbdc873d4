/**
 * Renders a Vega-Lite spec. This module (and vega with it) is loaded only when the first chart
 * is drawn, so the initial page stays small.
 */
import embed from 'vega-embed';

export async function renderChart(el: HTMLElement, spec: Record<string, unknown>, dark: boolean): Promise<() => void> {
  const result = await embed(el, { ...spec, width: 'container', autosize: { type: 'fit', contains: 'padding' } } as never, {
    actions: false,
    renderer: 'svg',
    theme: dark ? 'dark' : undefined,
    config: { background: 'transparent' },
  });
  return () => result.finalize();
}
