import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema';

// Prints the SDL to schema.graphql. With --check it fails when the committed file is stale or
// when it drops any part of the partner contract (checked by the shared tool beside the repo).
const file = fileURLToPath(new URL('../schema.graphql', import.meta.url));
const contractTool = fileURLToPath(new URL('../../shared/tools/check-contract.mjs', import.meta.url));
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (!process.argv.includes('--check')) {
  writeFileSync(file, printed);
  console.log('wrote schema.graphql');
  process.exit(0);
}

const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
if (committed !== printed) {
  console.error('schema.graphql is stale: run `npm run schema:print` and commit the result.');
  process.exit(1);
}
console.log('schema.graphql is up to date');

if (!existsSync(contractTool)) {
  // CI always has shared/ beside the clone; a newcomer's clone may not.
  if (process.env.CI) {
    console.error(`The contract checker is missing at ${contractTool}.`);
    process.exit(1);
  }
  console.log('contract checker not found beside the repo (../shared); contract check skipped outside CI');
  process.exit(0);
}
const check = spawnSync(process.execPath, [contractTool, file], { stdio: 'inherit' });
process.exit(check.status ?? 1);
