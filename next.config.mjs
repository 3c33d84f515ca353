import { fileURLToPath } from 'node:url';

/** Each `graphql()` call in app/ becomes an import of its own generated document (see the loader). */
const graphqlDocuments = {
  condition: { all: [{ path: /^app\// }, { not: { path: /^app\/_gql\// } }, { content: /\bgraphql\(`/ }] },
  loaders: [
    {
      loader: fileURLToPath(new URL('./build/graphql-documents-loader.cjs', import.meta.url)),
      options: { artifacts: fileURLToPath(new URL('./app/_gql', import.meta.url)) },
    },
  ],
};

/** @type {import('next').NextConfig} */
const nextConfig = {
  // These packages hold sockets, native bindings or WebAssembly, and the server shares one instance
  // of each with the GraphQL layer; bundling them would create a second copy.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'ioredis', 'ws', 'graphql', 'graphql-yoga', 'jose'],
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: {
    // Bundles carry only the GraphQL documents they use, not GraphQL Code Generator's map of all
    // of them (decision 0026).
    rules: { '*.ts': graphqlDocuments, '*.tsx': graphqlDocuments },
  },
};
export default nextConfig;
