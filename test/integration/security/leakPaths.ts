/**
 * The paths the tenancy leak test walks. Each is one entry: a GraphQL operation run as every
 * caller. Adding a path (alerts, detectors, saved questions, exports, events…) is adding an entry
 * here; `ids` holds the ids the setup made (per tenant), for guessed-id paths.
 */
export interface LeakIds {
  /** Ids of tenant A's objects (runs, models, conversations, messages) and of B's, by kind. */
  a: Record<string, string>;
  b: Record<string, string>;
}

export interface LeakPath {
  name: string;
  query: string;
  variables?: (ids: LeakIds, caller: string) => Record<string, unknown>;
}

/** Plain read paths: the response must contain none of the caller's forbidden tokens. */
export const LEAK_PATHS: LeakPath[] = [
  { name: 'datasets', query: `{ datasets { id name rowCount columns { name stats { topValues { value count } min max minTime maxTime } } } }` },
  { name: 'dataset(name) shared name', query: `{ dataset(name: "sales") { id name rowCount columns { name stats { topValues { value } min max } } } }` },
  { name: 'dataset(name) of the other tenant', query: `query($n: String!) { dataset(name: $n) { id name rowCount } }`, variables: (_ids, caller) => ({ n: caller === 'b' ? 'alpha_only' : 'bravo_only' }) },
  { name: 'dataset ingestion runs', query: `{ dataset(name: "sales") { ingestionRuns { id datasetName rowsLoaded } } }` },
  {
    name: 'insight',
    query: `{ insight(query: { dataset: "sales", measures: [{ agg: SUM, column: "amount" }, { agg: COUNT }], dimensions: ["region", "product"] }) { rows totalRows } }`,
  },
  { name: 'insight on the other tenant-only dataset', query: `query($n: String!) { insight(query: { dataset: $n, measures: [{ agg: COUNT }] }) { rows } }`, variables: (_ids, caller) => ({ n: caller === 'b' ? 'alpha_only' : 'bravo_only' }) },
  { name: 'ask (value index, suggestions)', query: `{ ask(question: "amount by product", dataset: "sales") { text suggestions dataset result { rows } chart } }` },
  { name: 'ask without a dataset (vocabulary)', query: `{ ask(question: "total amount by region") { text suggestions dataset result { rows } } }` },
  { name: 'ask with a learned word', query: `{ ask(question: "amount for zorblax", dataset: "sales") { text suggestions result { rows } interpretation { query } } }` },
  { name: 'models(dataset)', query: `{ models(dataset: "sales") { id dataset measure } }` },
  { name: 'trend series', query: `{ trend(input: { dataset: "sales", measure: "amount", agg: SUM, grain: MONTH }) { model { id } } }` },
  { name: 'auto insights', query: `{ insights(dataset: "sales", limit: 20) { insights { sentence segment query chart } dimensionsScanned } }` },
  { name: 'model(id) guessed', query: `query($id: ID!) { model(id: $id) { id dataset } }`, variables: (ids, caller) => ({ id: other(ids, caller).model }) },
  { name: 'ingestionRun(id) guessed', query: `query($id: ID!) { ingestionRun(id: $id) { id datasetName } }`, variables: (ids, caller) => ({ id: other(ids, caller).run }) },
  { name: 'conversation(id) guessed', query: `query($id: ID!) { conversation(id: $id) { id messages { question } } }`, variables: (ids, caller) => ({ id: other(ids, caller).conversation }) },
  { name: 'savedQuestions (re-run on view)', query: `{ savedQuestions { id title question dataset run { text result { rows } } } }` },
  { name: 'savedQuestion(id) guessed', query: `query($id: ID!) { savedQuestion(id: $id) { id title run { text } } }`, variables: (ids, caller) => ({ id: other(ids, caller).saved }) },
  { name: 'detectors(dataset)', query: `{ detectors(dataset: "sales") { id dataset measure segmentBy } }` },
  { name: 'detectors (all)', query: `{ detectors { id dataset } }` },
  { name: 'alerts(dataset)', query: `{ alerts(dataset: "feed") { id dataset detectorId segment value expected } }` },
  { name: 'alerts (all)', query: `{ alerts(limit: 1000) { id dataset detectorId segment value expected } }` },
  { name: 'alertFeedback guessed', query: `mutation($id: ID!) { alertFeedback(alertId: $id, verdict: FALSE_POSITIVE) { alert { id segment value } } }`, variables: (ids, caller) => ({ id: other(ids, caller).alert }) },
  { name: 'appendRows into the other tenant-only dataset', query: `mutation($n: String!) { appendRows(dataset: $n, rows: [{ x: "LEAKPROBE", y: 1 }]) { accepted rejected } }`, variables: (_ids, caller) => ({ n: caller === 'b' ? 'alpha_only' : 'bravo_only' }) },
  { name: 'createEmbedToken for the other tenant-only dataset', query: `mutation($n: String!) { createEmbedToken(input: { datasets: [$n] }) { id token datasets } }`, variables: (_ids, caller) => ({ n: caller === 'b' ? 'alpha_only' : 'bravo_only' }) },
  { name: 'revokeEmbedToken guessed', query: `mutation($id: ID!) { revokeEmbedToken(id: $id) }`, variables: (ids, caller) => ({ id: other(ids, caller).embed }) },
  { name: 'deleteSavedQuestion guessed', query: `mutation($id: ID!) { deleteSavedQuestion(id: $id) }`, variables: (ids, caller) => ({ id: other(ids, caller).saved }) },
  { name: 'pauseDetector guessed', query: `mutation($id: ID!) { pauseDetector(id: $id) { id } }`, variables: (ids, caller) => ({ id: other(ids, caller).detector }) },
  {
    name: 'answerFeedback on a guessed message',
    query: `mutation($id: ID!) { answerFeedback(messageId: $id, helpful: false) { messageId } }`,
    variables: (ids, caller) => ({ id: other(ids, caller).message }),
  },
];

/** Paths that take an id of the other tenant: the answer must be exactly that of a missing id. */
export const GUESSED_ID_PATHS = LEAK_PATHS.filter((p) => p.name.endsWith('guessed') || p.name.includes('guessed message'));

function other(ids: LeakIds, caller: string): Record<string, string> {
  return caller === 'b' ? ids.a : ids.b;
}

// Recommendations (added by the realtime/recommend work; the entries above are the security suite's).
const RECOMMEND_PATHS: LeakPath[] = [
  { name: 'recommendedQuestions (co-occurrence, auto insights)', query: `{ recommendedQuestions(dataset: "sales", limit: 20) { id kind text reasons query } }` },
  {
    name: 'recommendedQuestions for a conversation guessed',
    query: `query($id: ID!) { recommendedQuestions(dataset: "sales", conversationId: $id) { id text } }`,
    variables: (ids, caller) => ({ id: other(ids, caller).conversation }),
  },
  {
    name: 'recordOpened in a conversation guessed',
    query: `mutation($id: ID!) { recordOpened(dataset: "sales", kind: QUESTION, text: "amount by product", conversationId: $id) }`,
    variables: (ids, caller) => ({ id: other(ids, caller).conversation }),
  },
];
LEAK_PATHS.push(...RECOMMEND_PATHS);
GUESSED_ID_PATHS.push(...RECOMMEND_PATHS.filter((p) => p.name.endsWith('guessed')));

// Learned words: the list (a tenant-wide word for a value the east key may not see is hidden from
// it) and removal by a guessed id (`ids.*.learned`: a word each tenant's setup taught).
const LEARNED_PATHS: LeakPath[] = [
  { name: 'learnedWords(dataset)', query: `{ learnedWords(dataset: "sales") { id dataset phrase column agg value end scope question createdAt } }` },
  { name: 'learnedWords on the other tenant-only dataset', query: `query($n: String!) { learnedWords(dataset: $n) { id phrase value } }`, variables: (_ids, caller) => ({ n: caller === 'b' ? 'alpha_only' : 'bravo_only' }) },
  { name: 'forgetLearnedWord guessed', query: `mutation($id: ID!) { forgetLearnedWord(id: $id) }`, variables: (ids, caller) => ({ id: other(ids, caller).learned }) },
];
LEAK_PATHS.push(...LEARNED_PATHS);
GUESSED_ID_PATHS.push(...LEARNED_PATHS.filter((p) => p.name.endsWith('guessed')));
