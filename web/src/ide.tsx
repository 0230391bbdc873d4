import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import readme from '../../README.md?raw';
import { ideFetcher } from './ideFetcher.js';
import { readmeExamples } from './readmeExamples.js';

/**
 * The offline GraphQL IDE at /graphql: GraphiQL and React bundled and served by this server, so it
 * works with no network beyond the server itself. It opens with the README's example queries.
 * Keys and embed tokens go in the Headers tab as `{"authorization": "Bearer …"}`; subscriptions
 * run over graphql-ws (ideFetcher.ts).
 */
const tabs = readmeExamples(readme);
createRoot(document.getElementById('ide')!).render(
  <GraphiQL fetcher={ideFetcher(window.location)} defaultTabs={tabs} defaultEditorToolsVisibility={false} shouldPersistHeaders={false} />,
);
