/** Page sizes: `first` defaults to 20 and may be 1 to 100. */
export const PAGE_SIZE = { default: 20, max: 100 } as const;

/**
 * A page read forwards from a cursor (lib's keyset reads), in the shape the relay plugin's
 * connection types resolve. The lists page forwards only (`first`, `after`), so a page after a
 * cursor has one before it and the start cursor is the first edge's.
 */
export function forwardConnection<T>(edges: Array<{ cursor: string; node: T }>, hasNextPage: boolean, after: string | null | undefined) {
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
