import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { isAppError, ErrorCode, AppError, type ErrorDetails } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { translateDbError } from '../warehouse/dbErrors.js';

const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

export interface FormatErrorOptions {
  /** Keep graphql-js's "Did you mean …?" hints (field and enum-value names); off in production. */
  suggestions: boolean;
}

// graphql-js appends every hint as one sentence: ` Did you mean "a", "b", or "c"?`
const DID_YOU_MEAN = /\s*Did you mean [^?]*\?/g;

/** Removes graphql-js's name hints from a message (they reveal the schema when introspection is off). */
export function withoutSuggestions(message: string): string {
  return message.replace(DID_YOU_MEAN, '');
}

/**
 * Client-facing errors are deliberate: an AppError keeps its code, message and details; GraphQL's
 * own request errors pass; anything else is logged and masked, so no SQL, table name or stack
 * trace leaves the server. HTTP and graphql-ws format through this one function.
 */
export function makeFormatError(log: Logger, opts: FormatErrorOptions = { suggestions: true }) {
  const hint = (m: string) => (opts.suggestions ? m : withoutSuggestions(m));
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const raw = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    // A lost database connection that reached here untranslated (a TypeORM call, a stream) is
    // still DATABASE_UNAVAILABLE, never an internal error.
    const original = raw instanceof GraphQLError ? raw : translateDbError(raw);
    if (isAppError(original)) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
      };
    }
    const code = formatted.extensions?.code;
    // Our request guards name the limit they enforce in `details`.
    const details = formatted.extensions?.details;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      return { message: hint(formatted.message), locations: formatted.locations, path: formatted.path, extensions: { code, ...(details ? { details } : {}) } };
    }
    if (original instanceof GraphQLError && !original.originalError) {
      // Errors raised by graphql-js itself (e.g. coercion of variables, armor limits) and our request guards.
      return {
        message: hint(formatted.message),
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: code ?? ErrorCode.BAD_INPUT, ...(details ? { details } : {}) },
      };
    }
    log.error({ err: original, path: formatted.path }, 'internal error');
    return { message: 'internal error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** Formats a GraphQLError that never went through Apollo (graphql-ws), with the same rules. */
export function formatWith(format: ReturnType<typeof makeFormatError>, e: GraphQLError): GraphQLFormattedError {
  return format(e.toJSON(), e);
}

/**
 * A request-level refusal (limits, rate) that Apollo answers with `status` and graphql-ws sends as
 * an error message: a GraphQLError whose code and details reach the client unchanged.
 */
export function requestError(code: ErrorCode, message: string, status: number, details?: ErrorDetails, headers?: Record<string, string>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...(details ? { details } : {}), http: { status, ...(headers ? { headers: new Map(Object.entries(headers)) } : {}) } },
  });
}

/** The HTTP answer for an AppError raised before GraphQL runs (rate limits). */
export function requestErrorFrom(e: AppError, status: number, headers?: Record<string, string>): GraphQLError {
  return requestError(e.code, e.message, status, e.details, headers);
}
