import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import readme from '../../README.md?raw';
import { readmeExamples } from './readmeExamples.js';

/**
 * The offline GraphQL IDE at /graphql: GraphiQL and React bundled and served by this server, so it
 * works with no network beyond the server itself. It opens with the README's example queries.
 * Keys and embed tokens go in the Headers tab as `{"authorization": "Bearer …"}`.
 */
type Params = { query: string; variables?: unknown; operationName?: string | null };

async function fetcher(params: Params, opts?: { headers?: Record<string, unknown> }) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(opts?.headers ?? {})) if (typeof v === 'string') headers[k.toLowerCase()] = v;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
  return res.json();
}

const tabs = readmeExamples(readme);
createRoot(document.getElementById('ide')!).render(
  <GraphiQL fetcher={fetcher as never} defaultTabs={tabs} defaultEditorToolsVisibility={false} shouldPersistHeaders={false} />,
);
