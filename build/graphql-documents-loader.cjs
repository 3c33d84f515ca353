// A Turbopack (webpack-compatible) loader that replaces each `graphql(`...`)` call in app/ with the
// document GraphQL Code Generator generated for it (`app/_gql/graphql.ts`), inline. It does what the
// client preset's Babel plugin (`babelOptimizerPlugin`) is for, which Next's Turbopack cannot run as
// a plugin, and goes one step further: the plugin imports the document from `graphql.ts`, and
// Turbopack bundles that module whole (every document of the app, about 110 KB) into a chunk every
// page loads. Without this loader, every bundle that calls `graphql()` also loads `gql.ts`, the map
// of every document's text to its document (about 117 KB). With it, a bundle holds only the
// documents its own modules define, each once (decision 0026, issue 18).
//
// Source files keep calling `graphql()`: codegen reads them there, TypeScript types each call
// from `gql.ts`'s overloads, and `npm run codegen:check` keeps `graphql.ts` in step with them, so
// the document inlined here is the one the types describe. The `graphql` import is then unused and
// TypeScript's import elision drops it. A call whose document codegen did not generate (stale
// artifacts, or not one named operation or fragment) fails the build rather than shipping a
// different document. Only the calls are replaced, padded to the same number of lines, so the rest
// of the file and its line numbers stay as written.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const babel = require('@babel/core');
const { buildSchema, parse } = require('graphql');
const { ClientSideBaseVisitor } = require('@graphql-codegen/visitor-plugin-common');

// Only for its naming (the generator's `...Document` / `...FragmentDoc` convention).
const naming = new ClientSideBaseVisitor(buildSchema('type Query { _: Int }'), [], {}, {});

/** The name codegen gave the constant of the document in `text`. */
function generatedName(text, file) {
  const [first] = parse(text).definitions;
  if (!first || !first.name || (first.kind !== 'OperationDefinition' && first.kind !== 'FragmentDefinition')) {
    throw new Error(`${file}: graphql() needs one named operation or fragment first`);
  }
  return first.kind === 'OperationDefinition' ? naming.getOperationVariableName(first) : naming.getFragmentVariableName(first);
}

// `export const XDocument = {...json...} as unknown as DocumentNode<...>;`, one line each.
const GENERATED = /^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm;
let cached = { file: '', mtimeMs: -1, documents: new Map() };

/** The generated documents by constant name, read again when graphql.ts changes. */
function generatedDocuments(file) {
  const { mtimeMs } = fs.statSync(file);
  if (cached.file !== file || cached.mtimeMs !== mtimeMs) {
    const documents = new Map();
    for (const [, name, json] of fs.readFileSync(file, 'utf8').matchAll(GENERATED)) documents.set(name, JSON.stringify(JSON.parse(json)));
    cached = { file, mtimeMs, documents };
  }
  return cached.documents;
}

/** Where each `graphql(`...`)` call is in `source`, and the name of its generated document. */
function findCalls(source, file, tagName) {
  const ast = babel.parseSync(source, { filename: file, babelrc: false, configFile: false, sourceType: 'module', parserOpts: { plugins: ['typescript', 'jsx'] } });
  const calls = [];
  babel.traverse(ast, {
    CallExpression({ node }) {
      const { callee, arguments: args } = node;
      if (callee.type !== 'Identifier' || callee.name !== tagName || args.length !== 1 || args[0].type !== 'TemplateLiteral') return;
      if (args[0].expressions.length > 0) throw new Error(`${file}: graphql() takes a template without \${}`);
      calls.push({ start: node.start, end: node.end, name: generatedName(args[0].quasis[0].value.cooked, file) });
    },
  });
  return calls;
}

module.exports = function graphqlDocumentsLoader(source) {
  const { artifacts, tagName = 'graphql' } = this.getOptions();
  const generated = path.join(artifacts, 'graphql.ts');
  this.addDependency(generated);
  const documents = generatedDocuments(generated);
  let out = '';
  let at = 0;
  for (const { start, end, name } of findCalls(source, this.resourcePath, tagName)) {
    const document = documents.get(name);
    if (!document) throw new Error(`${this.resourcePath}: ${name} is not in ${generated}; run npm run codegen`);
    const lines = source.slice(start, end).split('\n').length - 1;
    out += `${source.slice(at, start)}(${document})${'\n'.repeat(lines)}`;
    at = end;
  }
  return out + source.slice(at);
};
