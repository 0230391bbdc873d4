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
  // GraphiQL keeps a tab's last operation name after its text is replaced (a README example's
  // named operation, then an anonymous query): send a name only when the document defines it.
  const { operationName } = params;
  const defined = operationName && new RegExp(`\\b(query|mutation|subscription)\\s+${operationName}\\b`).test(params.query);
  const body = defined ? params : { ...params, operationName: null };
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(body) });
  return res.json();
}

const tabs = readmeExamples(readme);
createRoot(document.getElementById('ide')!).render(
  <GraphiQL fetcher={fetcher as never} defaultTabs={tabs} defaultEditorToolsVisibility={false} shouldPersistHeaders={false} />,
);
