import { builder } from './builder';

export const NodeRef = builder.interfaceRef<{ id: string }>('Node').implement({
  fields: (t) => ({ id: t.exposeID('id') }),
});

export const PageInfoRef = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

/** Page sizes: `first` defaults to 20 and may be 1 to 100. */
export const PAGE_SIZE = { default: 20, max: 100 } as const;
