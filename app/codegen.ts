import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator: every document in app/ (written with `graphql()` from app/_gql, beside
 * the component that renders it) is typed from schema.graphql into app/_gql/, and the schema's
 * union and interface members are written out as Apollo's `possibleTypes`. Run `npm run codegen`
 * after changing a document or the schema; `npm test` fails while the generated files are stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['app/**/*.{ts,tsx}', '!app/_gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'app/_gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // The API's scalars arrive as strings (money and odds as decimals, times as ISO 8601).
        scalars: { Money: 'string', Odds: 'string', DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        nonOptionalTypename: true,
        avoidOptionals: { field: true, inputValue: false },
        skipTypeNameForRoot: true,
        defaultScalarType: 'unknown',
      },
    },
    'app/_gql/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { useExplicitTyping: false },
    },
    // The same, published for partners' own Apollo Clients (docs/API.md).
    'docs/possible-types.json': {
      plugins: ['fragment-matcher'],
    },
  },
};

export default config;
