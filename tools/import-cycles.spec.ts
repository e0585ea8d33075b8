import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..');

/** Every TypeScript source file (specs included) under the projects' src folders and tools. */
function sourceFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === 'dist') continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) found.push(path);
    }
  };
  for (const group of ['packages', 'apps']) {
    for (const project of readdirSync(join(root, group))) {
      const src = join(root, group, project, 'src');
      if (existsSync(src)) walk(src);
    }
  }
  return found;
}

/** The workspace files `file` imports or re-exports from, type-only imports included; @nln/<name> is that package's entry. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]/g)) {
    const spec = match[1];
    let base: string | undefined;
    if (spec.startsWith('.')) base = resolve(dirname(file), spec);
    else if (spec.startsWith('@nln/')) base = join(root, 'packages', spec.slice('@nln/'.length), 'src', 'index');
    if (base === undefined) continue;
    const candidate = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
    if (candidate !== undefined) targets.push(candidate);
  }
  return targets;
}

/** The cycles a depth-first walk of `graph` (file -> files it imports) meets, each as a closed path. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)).concat(next));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('import graph', () => {
  it('has no cycle between files, type-only imports and re-exports included', () => {
    const graph = new Map(sourceFiles().map((f) => [f, importsOf(f)]));
    expect(graph.size).toBeGreaterThan(100);
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(root, f)).join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('reads type-only imports, re-exports and package imports, and finds a cycle where there is one', () => {
    const errorMode = join(root, 'packages', 'nln-core', 'src', 'scorer', 'error-mode.ts');
    const index = join(root, 'packages', 'nln-core', 'src', 'index.ts');
    expect(importsOf(index)).toContain(errorMode);
    expect(importsOf(join(root, 'apps', 'experiments', 'src', 'main.ts'))).toContain(join(root, 'packages', 'models', 'src', 'index.ts'));
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []], ['c', ['a', 'b']]]))).toEqual([]);
  });
});
