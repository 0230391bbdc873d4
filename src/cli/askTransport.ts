import type { AnswerView } from './askCommands.js';
import type { Transport } from './transport.js';

/** The answer fields the CLI prints or returns with --json. */
const ANSWER_FIELDS =
  '{ text dataset interpretation { intent query restatement notes } result { columns { name label type role } rows totalRows truncated } chart confidence suggestions clarification { message options unknownTerms } conversationId messageId }';

/**
 * The seam between the chat REPL and where questions go: `ask` as the API answers it, in this
 * process or on a running server (the same document either way).
 */
export async function askVia(t: Transport, input: { question: string; dataset: string | null; conversationId: string | null }): Promise<AnswerView & Record<string, unknown>> {
  const { ask } = await t.request<{ ask: AnswerView & Record<string, unknown> }>(
    `query Ask($question: String!, $dataset: String, $conversationId: ID) { ask(question: $question, dataset: $dataset, conversationId: $conversationId) ${ANSWER_FIELDS} }`,
    input,
  );
  return ask;
}

/** The datasets' names, for the REPL's greeting. */
export async function datasetNamesVia(t: Transport): Promise<string[]> {
  const { datasets } = await t.request<{ datasets: { name: string }[] }>('{ datasets { name } }');
  return datasets.map((d) => d.name);
}
