// The build's GraphQL documents loader (decision 0026): each graphql() call in app/ becomes the
// document codegen generated for it, so no page loads the generator's map of every document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as generated from '../app/_gql/graphql';

const require = createRequire(import.meta.url);
const loader = require('../build/graphql-documents-loader.cjs') as (this: unknown, source: string) => string;
const root = join(import.meta.dirname, '..');
const artifacts = join(root, 'app/_gql');

function transform(file: string, source: string): string {
  return loader.call({ resourcePath: file, addDependency() {}, getOptions: () => ({ artifacts }) }, source);
}

function appFilesCallingGraphql(dir = join(root, 'app')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '_gql' ? [] : appFilesCallingGraphql(path);
    return /\.tsx?$/.test(entry.name) && readFileSync(path, 'utf8').includes('graphql(`') ? [path] : [];
  });
}

test('every graphql() call in app/ becomes its generated document, on the same lines', () => {
  const files = appFilesCallingGraphql();
  assert.ok(files.length > 10, 'the app declares its documents with graphql()');
  const byName = generated as unknown as Record<string, unknown>;
  let documents = 0;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const out = transform(file, source);
    assert.ok(!out.includes('graphql(`'), `${file}: a call was left`);
    assert.equal(out.split('\n').length, source.split('\n').length, `${file}: line count`);
    // Each `export const X = graphql(...)` now holds exactly the generated document of that text.
    for (const match of out.matchAll(/^export const (\w+) = \((\{"kind":"Document".*?\})\)$/gm)) {
      const inlined = JSON.parse(match[2]) as { definitions: Array<{ kind: string; name: { value: string } }> };
      const first = inlined.definitions[0];
      const candidates = Object.entries(byName).filter(([, doc]) => JSON.stringify(doc) === JSON.stringify(inlined));
      assert.equal(candidates.length, 1, `${file}: ${match[1]} (${first.name.value}) matches one generated document`);
      documents++;
    }
  }
  assert.ok(documents >= 50, `inlined ${documents} documents`);
});

test('a document codegen did not generate fails the build instead of shipping', () => {
  const file = join(root, 'app/_rooms/not-generated.ts');
  assert.throws(() => transform(file, "export const X = graphql(`\n  query NotGenerated { viewer { id } }\n`);\n"), /NotGeneratedDocument is not in .*run npm run codegen/);
  assert.throws(() => transform(file, 'export const X = graphql(`\n  { viewer { id } }\n`);\n'), /one named operation or fragment/);
});

test('the built client bundles do not carry the document map (after next build)', { skip: !existsSync(join(root, '.next/static/chunks')) && 'no build' }, () => {
  const dir = join(root, '.next/static/chunks');
  // gql.ts keys its map by each document's text; the inlined documents are ASTs without it.
  const mapKey = 'fragment ViewerSummary on Viewer { id username balance }';
  const withMap = readdirSync(dir).filter((name) => name.endsWith('.js') && readFileSync(join(dir, name), 'utf8').includes(mapKey));
  assert.deepEqual(withMap, []);
});
