/** @type {import('next').NextConfig} */
const nextConfig = {
  // These packages hold sockets, native bindings or WebAssembly, and the server shares one instance
  // of each with the GraphQL layer; bundling them would create a second copy.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'ioredis', 'ws', 'graphql', 'graphql-yoga', 'jose'],
  poweredByHeader: false,
  reactStrictMode: true,
};
export default nextConfig;
