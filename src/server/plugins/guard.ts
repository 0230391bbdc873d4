import type { DocumentNode, ValidationRule } from 'graphql';


/** What a guard sees of one operation once its variables are known. */
export interface OperationInfo {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
}

/**
 * One safeguard of the GraphQL endpoint, in the Envelop/graphql-armor style: each lives in its own
 * file and hooks into the stages it needs. HTTP (Apollo) and graphql-ws run the same list, built
 * once in `requestGuards.ts`; a refusal is a GraphQLError made by `requestError`.
 */
export interface RequestGuard {
  readonly name: string;
  /** Validation rules (after graphql-js's own; a rule on `Document` still runs before any selection is checked). */
  validationRules?: readonly ValidationRule[];
  /** After validation, with the variables: checks that depend on argument values. */
  beforeExecute?(op: OperationInfo): void;
}
