import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';

/** The same error (its locations, path and cause) with another message and extensions. */
export function rebuildError(error: GraphQLError, message: string, extensions: GraphQLErrorExtensions | undefined): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}
