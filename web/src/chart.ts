/**
 * Renders a Vega-Lite spec. This module (and vega with it) is loaded only when the first chart
 * is drawn, so the initial page stays small.
 *
 * Vega compiles its expressions to JavaScript with `new Function` by default, which a strict
 * Content-Security-Policy (no 'unsafe-eval') forbids. With `ast: true` vega keeps each expression
 * as a syntax tree and `vega-interpreter` evaluates it, so the pages need no 'unsafe-eval'.
 */
import embed from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';

export async function renderChart(el: HTMLElement, spec: Record<string, unknown>, dark: boolean): Promise<() => void> {
  const result = await embed(el, { ...spec, width: 'container', autosize: { type: 'fit', contains: 'padding' } } as never, {
    actions: false,
    renderer: 'svg',
    theme: dark ? 'dark' : undefined,
    config: { background: 'transparent' },
    ast: true,
    expr: expressionInterpreter,
  });
  return () => result.finalize();
}
