/** The GraphQL documents the web app sends; the fields each view reads and nothing more. */

export const DATASETS = `query Datasets { datasets { name label rowCount
  columns { name label type role stats { nullCount distinctCount distinctApprox min max mean minTime maxTime grain topValues { value count } } } } }`;

const ANSWER_FIELDS = `text dataset confidence suggestions conversationId messageId chart
  interpretation { intent restatement notes query }
  result { columns { name label type role } rows totalRows truncated }
  clarification { message options unknownTerms }`;

export const ASK = `query Ask($question: String!, $dataset: String, $conversationId: ID) {
  ask(question: $question, dataset: $dataset, conversationId: $conversationId) { ${ANSWER_FIELDS} } }`;

export const FEEDBACK = `mutation Feedback($messageId: ID!, $helpful: Boolean!, $correction: FeedbackCorrectionInput) {
  answerFeedback(messageId: $messageId, helpful: $helpful, correction: $correction) { messageId helpful learned { phrase column agg value } trainingExampleAdded } }`;

const SAVED_FIELDS = `id title question dataset createdAt query`;

export const SAVED = `query Saved { savedQuestions { ${SAVED_FIELDS} } }`;

export const RUN_SAVED = `query RunSaved($id: ID!) { savedQuestion(id: $id) { ${SAVED_FIELDS}
  run { ${ANSWER_FIELDS} } } }`;

export const SAVE = `mutation Save($input: SaveQuestionInput!) { saveQuestion(input: $input) { ${SAVED_FIELDS} } }`;

export const DELETE_SAVED = `mutation DeleteSaved($id: ID!) { deleteSavedQuestion(id: $id) }`;
