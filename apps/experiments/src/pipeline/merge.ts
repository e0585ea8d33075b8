import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReportOptions } from '../cli/commands/report';
import { expandPaths } from '../cli/expand-paths';
import { settingVariant } from '../output/oracle';
import { ALPHA_CONVENTION, type ResultsMeta } from '../output/results-schema';
import { writeResults, type ClassRun } from '../output/write-results';
import { CLASS_FILES, isComplete, readClassRecord } from '../output/class-record';
import { SELECTION_RULE } from '@nln/nln-core';

/** Finds every finished class folder (one holding the completion marker) at or below `root`. */
export async function findClassFolders(root: string, maxDepth = 6): Promise<string[]> {
  if (await isComplete(root)) return [root];
  if (maxDepth === 0) return [];
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory() && e.name !== CLASS_FILES.model && e.name !== CLASS_FILES.scorer) {
      found.push(...(await findClassFolders(join(root, e.name), maxDepth - 1)));
    }
  }
  return found;
}

/** Loads the finished class runs below the given folders; the same class twice is an error naming both. */
export async function loadClassRuns(paths: readonly string[]): Promise<ClassRun[]> {
  const folders = new Set<string>();
  for (const p of paths) {
    for (const match of await expandPaths(p)) {
      for (const f of await findClassFolders(match)) folders.add(resolve(f));
    }
  }
  const runs: ClassRun[] = [];
  const seen = new Map<string, string>();
  for (const folder of [...folders].sort()) {
    const record = await readClassRecord(folder);
    const variant = record.rows[0] === undefined ? undefined : settingVariant(record.rows[0]);
    const key = `${record.protocol}/${record.dataset}/${record.model}${variant === undefined ? '' : ` (Eq. 8 ${variant})`}/L${record.latentDim}/class ${record.class}`;
    const other = seen.get(key);
    if (other) throw new Error(`${key} appears twice: ${other} and ${folder}; merge one of them only`);
    seen.set(key, folder);
    runs.push({ folder, record });
  }
  return runs;
}

function single(values: readonly string[]): string {
  const set = [...new Set(values)];
  return set.length === 1 ? set[0] : set.length === 0 ? 'none' : 'mixed';
}

/** Metadata of a merged results set: the shared protocol, dataset and backend, or `mixed`. */
export function mergedMeta(runs: readonly ClassRun[], options: Record<string, unknown>): ResultsMeta {
  const records = runs.map((r) => r.record);
  const backends = [...new Set(records.map((r) => r.backend))];
  return {
    protocol: single(records.map((r) => r.protocol)),
    dataset: single(records.map((r) => r.dataset)),
    backend: backends.join(', '),
    seed: records[0]?.seed ?? 0,
    options,
    versions: { node: process.version },
    startedAt: records.map((r) => r.startedAt).sort()[0] ?? new Date().toISOString(),
    seconds: records.reduce((s, r) => s + r.seconds, 0),
    alphaConvention: ALPHA_CONVENTION,
    selectionRule: SELECTION_RULE,
  };
}

/** `report`: merges class folders from any number of runs (or machines) into one results set. */
export async function runReport(options: ReportOptions, log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  const runs = await loadClassRuns(options.runs);
  if (runs.length === 0) throw new Error(`no finished class folders (with ${CLASS_FILES.complete}) under ${options.runs.join(', ')}`);
  const seeds = new Set(runs.map((r) => r.record.seed));
  if (seeds.size > 1) log(`note: merging runs with different seeds (${[...seeds].join(', ')}); meta.seed is the first`);
  const meta = mergedMeta(runs, { runs: options.runs, classFolders: runs.map((r) => r.folder), seeds: [...seeds] });
  const { groups } = await writeResults(options.out, meta, runs, options.plots);
  log(`merged ${runs.length} class run(s) into ${options.out}`);
  for (const g of groups) {
    const variant = settingVariant(g.classes[0]);
    log(`  ${g.protocol} ${g.dataset} ${g.model}${variant === undefined ? '' : ` (Eq. 8 ${variant})`} L=${g.classes[0].latentDim}: ${g.classes.length} classes, mean baseline ${g.meanBaseline.toFixed(3)}, mean NLN ${g.meanNln.toFixed(3)} (oracle ${g.meanOracle.toFixed(3)} at K=${g.oracle.k}, alpha=${g.oracle.alpha})`);
  }
}
