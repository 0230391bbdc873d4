import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestGuards } from './requestGuards.js';

/**
 * Runs the shared guards' variable-aware checks inside Apollo once the operation is resolved (the
 * only hook after parsing whose throw Apollo answers with the error's own status, not a 500).
 * Validation rules and the token limit are passed to Apollo directly.
 */
export function apolloGuards<C extends object>(g: RequestGuards): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          g.beforeExecute({ document: rc.document, operationName: rc.request.operationName, variables: rc.request.variables });
        },
      };
    },
  };
}
