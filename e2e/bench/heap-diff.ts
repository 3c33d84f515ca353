// What N connections added to a V8 heap: compares two .heapsnapshot files (before and after
// connecting) by constructor (self sizes, counts), then, for the constructors that grew by about
// one or more instances per connection, their average retained size in the second snapshot
// (dominator tree). Run: npx tsx e2e/bench/heap-diff.ts before.heapsnapshot after.heapsnapshot N
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface Parsed {
  nodeCount: number;
  type: Uint8Array;
  name: Uint32Array;
  self: Float64Array;
  firstEdge: Uint32Array;
  edgeTo: Uint32Array;
  edgeWeak: Uint8Array;
  /** Edge name (string index) of property, internal and context edges; -1 for elements and hidden ones. */
  edgeName: Int32Array;
  types: string[];
  strings: string[];
}

function parse(file: string): Parsed {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const nf = raw.snapshot.meta.node_fields;
  const ef = raw.snapshot.meta.edge_fields;
  const nodeFields = nf.length;
  const edgeFields = ef.length;
  const [iType, iName, iSelf, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [eType, eTo] = ['type', 'to_node'].map((f) => ef.indexOf(f));
  const edgeTypes = raw.snapshot.meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const nodeCount = raw.nodes.length / nodeFields;
  const type = new Uint8Array(nodeCount);
  const name = new Uint32Array(nodeCount);
  const self = new Float64Array(nodeCount);
  const firstEdge = new Uint32Array(nodeCount + 1);
  const edgeCount = raw.edges.length / edgeFields;
  const edgeTo = new Uint32Array(edgeCount);
  const edgeWeak = new Uint8Array(edgeCount);
  const edgeName = new Int32Array(edgeCount);
  const [iEdgeName] = ['name_or_index'].map((f) => ef.indexOf(f));
  const numbered = new Set(['element', 'hidden'].map((t) => edgeTypes.indexOf(t)));
  let e = 0;
  for (let n = 0; n < nodeCount; n++) {
    const base = n * nodeFields;
    type[n] = raw.nodes[base + iType];
    name[n] = raw.nodes[base + iName];
    self[n] = raw.nodes[base + iSelf];
    firstEdge[n] = e;
    e += raw.nodes[base + iEdges];
  }
  firstEdge[nodeCount] = e;
  for (let i = 0; i < edgeCount; i++) {
    edgeTo[i] = raw.edges[i * edgeFields + eTo] / nodeFields;
    edgeWeak[i] = raw.edges[i * edgeFields + eType] === weak ? 1 : 0;
    edgeName[i] = numbered.has(raw.edges[i * edgeFields + eType]) ? -1 : raw.edges[i * edgeFields + iEdgeName];
  }
  return { nodeCount, type, name, self, firstEdge, edgeTo, edgeWeak, edgeName, types: raw.snapshot.meta.node_types[0], strings: raw.strings };
}

/** Groups nodes the way DevTools' summary does: objects and closures by name, the rest by type. */
function groupOf(p: Parsed, n: number): string {
  const t = p.types[p.type[n]];
  if (t === 'object' || t === 'closure' || t === 'native' || t === 'array' || t === 'hidden' || t === 'object shape') return `${t}:${p.strings[p.name[n]].slice(0, 70)}`;
  return `(${t})`;
}

/** The node an edge of this name leads to, or -1. */
function follow(p: Parsed, n: number, name: string): number {
  for (let e = p.firstEdge[n]; e < p.firstEdge[n + 1]; e++) if (p.edgeName[e] >= 0 && p.strings[p.edgeName[e]] === name) return p.edgeTo[e];
  return -1;
}

/** The source file of a closure (its SharedFunctionInfo's script), relative to the repository. */
function sourceOf(p: Parsed, closure: number): string {
  const shared = follow(p, closure, 'shared');
  const script = shared >= 0 ? follow(p, shared, 'script_or_debug_info') : -1;
  return script >= 0 ? p.strings[p.name[script]].replace(/^file:\/\/\/work\/main\//, '').replace(/^.*?node_modules\//, 'node_modules/') : '(native)';
}

/**
 * Closures by source file, counting their own size plus their out-of-object property array: a
 * function whose `name` was redefined (esbuild's keepNames, which tsx turns on, wraps named
 * closures in __name()) carries one, several times the closure itself.
 */
function closuresBySource(p: Parsed): Map<string, { count: number; bytes: number; withProperties: number }> {
  const bySource = new Map<string, { count: number; bytes: number; withProperties: number }>();
  const closure = p.types.indexOf('closure');
  for (let n = 0; n < p.nodeCount; n++) {
    if (p.type[n] !== closure) continue;
    const properties = follow(p, n, 'properties');
    const extra = properties >= 0 ? p.self[properties] : 0;
    const key = sourceOf(p, n);
    const entry = bySource.get(key) ?? { count: 0, bytes: 0, withProperties: 0 };
    entry.count += 1;
    entry.bytes += p.self[n] + extra;
    if (extra > 0) entry.withProperties += 1;
    bySource.set(key, entry);
  }
  return bySource;
}

/** Suspended async functions and generators (each holds its registers, context and promises) by function. */
function suspendedBySource(p: Parsed): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 0; n < p.nodeCount; n++) {
    if (p.types[p.type[n]] !== 'object' || p.strings[p.name[n]] !== 'Generator') continue;
    const fn = follow(p, n, 'function');
    const key = fn >= 0 ? `${sourceOf(p, fn)} ${p.strings[p.name[fn]] || '(anonymous)'}` : '?';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function summarise(p: Parsed): Map<string, { count: number; self: number }> {
  const groups = new Map<string, { count: number; self: number }>();
  for (let n = 0; n < p.nodeCount; n++) {
    const g = groupOf(p, n);
    const entry = groups.get(g) ?? { count: 0, self: 0 };
    entry.count += 1;
    entry.self += p.self[n];
    groups.set(g, entry);
  }
  return groups;
}

/** Retained sizes from the dominator tree (Cooper, Harvey and Kennedy), ignoring weak edges. */
function retainedSizes(p: Parsed): Float64Array {
  const n = p.nodeCount;
  // Post-order from the root (node 0), iteratively.
  const order = new Uint32Array(n);
  const postIndex = new Int32Array(n).fill(-1);
  const visited = new Uint8Array(n);
  const stack = new Uint32Array(n);
  const cursor = new Uint32Array(n);
  let sp = 0;
  let count = 0;
  stack[sp++] = 0;
  visited[0] = 1;
  cursor[0] = p.firstEdge[0];
  while (sp > 0) {
    const v = stack[sp - 1];
    let pushed = false;
    while (cursor[v] < p.firstEdge[v + 1]) {
      const e = cursor[v]++;
      if (p.edgeWeak[e]) continue;
      const w = p.edgeTo[e];
      if (!visited[w]) {
        visited[w] = 1;
        cursor[w] = p.firstEdge[w];
        stack[sp++] = w;
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      sp -= 1;
      postIndex[v] = count;
      order[count++] = v;
    }
  }
  // Predecessors (reachable, strong edges only).
  const predCount = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) {
    if (!visited[v]) continue;
    for (let e = p.firstEdge[v]; e < p.firstEdge[v + 1]; e++) if (!p.edgeWeak[e]) predCount[p.edgeTo[e] + 1]++;
  }
  for (let v = 0; v < n; v++) predCount[v + 1] += predCount[v];
  const preds = new Uint32Array(predCount[n]);
  const fill = predCount.slice();
  for (let v = 0; v < n; v++) {
    if (!visited[v]) continue;
    for (let e = p.firstEdge[v]; e < p.firstEdge[v + 1]; e++) if (!p.edgeWeak[e]) preds[fill[p.edgeTo[e]]++] = v;
  }
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (postIndex[a] < postIndex[b]) a = idom[a];
      while (postIndex[b] < postIndex[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = count - 2; i >= 0; i--) {
      const v = order[i];
      let next = -1;
      for (let k = predCount[v]; k < predCount[v + 1]; k++) {
        const u = preds[k];
        if (idom[u] === -1) continue;
        next = next === -1 ? u : intersect(u, next);
      }
      if (next !== -1 && idom[v] !== next) {
        idom[v] = next;
        changed = true;
      }
    }
  }
  const retained = Float64Array.from(p.self);
  for (let i = 0; i < count - 1; i++) {
    const v = order[i];
    if (idom[v] >= 0 && idom[v] !== v) retained[idom[v]] += retained[v];
  }
  return retained;
}

const [beforeFile, afterFile, nText] = process.argv.slice(2);
const N = Number(nText);
const beforeParsed = parse(beforeFile);
const before = summarise(beforeParsed);
const closuresBefore = closuresBySource(beforeParsed);
const suspendedBefore = suspendedBySource(beforeParsed);
const after = parse(afterFile);
const afterGroups = summarise(after);
const rows = [...afterGroups].map(([group, a]) => {
  const b = before.get(group) ?? { count: 0, self: 0 };
  return { group, count: a.count - b.count, self: a.self - b.self };
});
const total = rows.reduce((s, r) => s + r.self, 0);
rows.sort((x, y) => y.self - x.self);
console.log(`\nV8 heap added by ${N} connections: ${(total / 1024 / 1024).toFixed(1)} MiB of live objects, ${(total / N / 1024).toFixed(1)} KB per connection (self sizes)\n`);
console.log('| constructor or kind | added objects | per connection | added self size MiB | bytes per connection |');
console.log('|---|---|---|---|---|');
for (const r of rows.slice(0, 40)) {
  console.log(`| ${r.group.replace(/\|/g, '\\|')} | ${r.count} | ${(r.count / N).toFixed(2)} | ${(r.self / 1024 / 1024).toFixed(2)} | ${Math.round(r.self / N)} |`);
}

// Average retained size of the instances of classes that scale with the connections.
const retained = retainedSizes(after);
const perClass = new Map<string, { count: number; retained: number }>();
const interesting = new Set(rows.filter((r) => r.group.startsWith('object:') && r.count / N >= 0.9).slice(0, 30).map((r) => r.group));
for (let n = 0; n < after.nodeCount; n++) {
  const g = groupOf(after, n);
  if (!interesting.has(g)) continue;
  const entry = perClass.get(g) ?? { count: 0, retained: 0 };
  entry.count += 1;
  entry.retained += retained[n];
  perClass.set(g, entry);
}
console.log('\nAverage retained size (dominator tree) of instances in the second snapshot, for objects that grew by one or more per connection:\n');
console.log('| constructor | instances | average retained bytes |');
console.log('|---|---|---|');
for (const [group, x] of [...perClass].sort((a, b) => b[1].retained / b[1].count - a[1].retained / a[1].count)) {
  console.log(`| ${group.replace(/\|/g, '\\|')} | ${x.count} | ${Math.round(x.retained / x.count)} |`);
}

console.log('\nClosures added per connection, by source file (self size plus out-of-object properties; "with properties" are mostly keepNames __name() wrappers):\n');
console.log('| source | closures per connection | of which with a property array | bytes per connection |');
console.log('|---|---|---|---|');
const closureRows = [...closuresBySource(after)].map(([source, a]) => {
  const b = closuresBefore.get(source) ?? { count: 0, bytes: 0, withProperties: 0 };
  return { source, count: a.count - b.count, bytes: a.bytes - b.bytes, withProperties: a.withProperties - b.withProperties };
});
for (const r of closureRows.sort((x, y) => y.bytes - x.bytes).slice(0, 20)) {
  console.log(`| ${r.source} | ${(r.count / N).toFixed(2)} | ${(r.withProperties / N).toFixed(2)} | ${Math.round(r.bytes / N)} |`);
}
console.log('\nAsync functions suspended per connection (each an awaiting Generator with registers, context and promises):\n');
console.log('| function | per connection |');
console.log('|---|---|');
const suspendedRows = [...suspendedBySource(after)].map(([fn, count]) => ({ fn, count: count - (suspendedBefore.get(fn) ?? 0) }));
for (const r of suspendedRows.filter((r) => r.count / N >= 0.1).sort((x, y) => y.count - x.count)) console.log(`| ${r.fn} | ${(r.count / N).toFixed(2)} |`);
