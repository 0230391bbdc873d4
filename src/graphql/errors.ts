import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { isAppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Client-facing errors are deliberate: an AppError keeps its code, message and details; GraphQL's
 * own request errors pass; anything else is logged and masked, so no SQL, table name or stack
 * trace leaves the server.
 */
export function makeFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (isAppError(original)) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    if (original instanceof GraphQLError && !original.originalError) {
      // Errors raised by graphql-js itself (e.g. coercion of variables, armor limits).
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: code ?? ErrorCode.BAD_INPUT } };
    }
    log.error({ err: original, path: formatted.path }, 'internal error');
    return { message: 'internal error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
