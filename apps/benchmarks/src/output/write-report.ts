import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@nln/models';
import { paperResnet50Ms, paperT4Figures } from './paper-figures';
import { formatMvtecScale } from '../workloads/mvtec-scale';
import type { BenchmarkFile, BenchmarkRow, KernelProfileEntry } from './results-schema';

function fmt(value: number, digits = 2): string {
  if (value >= 1000) return value.toFixed(0);
  if (value >= 100) return value.toFixed(1);
  return value.toFixed(digits);
}

/** The rows as a fixed-width terminal table. */
export function formatTable(rows: readonly BenchmarkRow[]): string {
  const header = ['workload', 'engine', 'case', 'median ms', 'p95 ms', 'ms/item', 'items/s', 'recall'];
  const body = rows.map((r) => [
    r.workload,
    r.engine,
    r.case,
    fmt(r.medianMs),
    fmt(r.p95Ms),
    fmt(r.perItemMs, 3),
    fmt(r.itemsPerSecond, 1),
    r.recall === undefined ? '' : r.recall.toFixed(4),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** One kernel profile as a Markdown section: kernel, calls, self ms and share, most expensive first. */
export function formatKernelProfile(p: KernelProfileEntry): string {
  return [
    `### ${p.workload}, ${p.case}`,
    '',
    `${p.kernelCalls} kernel calls, ${fmt(p.kernelMs)} ms of kernel time, ${fmt(p.wallMs)} ms wall (profiled).`,
    '',
    '| kernel | calls | ms | share |',
    '|---|---:|---:|---:|',
    ...p.kernels.map((k) => `| ${k.kernel} | ${k.calls} | ${fmt(k.ms)} | ${(k.share * 100).toFixed(1)}% |`),
    '',
  ].join('\n');
}

/** The whole result as Markdown: machine, versions, every row, and the paper's T4 figures beside ours. */
export function formatMarkdown(file: BenchmarkFile): string {
  const { meta, rows } = file;
  const out: string[] = [
    '# nln benchmarks',
    '',
    `- started: ${meta.startedAt} (${meta.seconds.toFixed(1)} s)`,
    `- backend: **${meta.backend}** (${meta.backendDetail})`,
    `- device: ${meta.device}`,
    `- CPU: ${meta.cpu} x ${meta.cpuCount}; Node ${meta.node}`,
    `- versions: ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    '| workload | engine | case | median ms | p95 ms | ms/item | items/s | recall |',
    '|---|---|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.workload} | ${r.engine} | ${r.case} | ${fmt(r.medianMs)} | ${fmt(r.p95Ms)} | ${fmt(r.perItemMs, 3)} | ` +
        `${fmt(r.itemsPerSecond, 1)} | ${r.recall === undefined ? '' : r.recall.toFixed(4)} |`,
    ),
    '',
    '## Beside the paper (Nvidia T4, section 4.5)',
    '',
    '| workload | case | paper T4 ms/image | ours ms/image | engine |',
    '|---|---|---:|---:|---|',
  ];
  for (const paper of paperT4Figures) {
    const ours = rows.filter((r) => r.workload === paper.workload && r.case.startsWith(paper.case));
    if (ours.length === 0) out.push(`| ${paper.workload} | ${paper.case} | ${paper.perItemMs} | not run | |`);
    for (const r of ours) out.push(`| ${paper.workload} | ${paper.case} | ${paper.perItemMs} | ${fmt(r.perItemMs, 3)} | ${r.engine} |`);
  }
  out.push('', `The paper compares with a ResNet-50 forward pass at ${paperResnet50Ms} ms on the same T4.`, '');
  if (file.kernelProfiles && file.kernelProfiles.length > 0) {
    out.push(
      '## Kernel profiles',
      '',
      '`tf.profile` of one run each, after the timed runs. ms is self time: a kernel that is built from other',
      'kernels (nln\'s wasm kernels, custom-gradient scopes) is charged without the kernels it calls, which are listed',
      'on their own lines. Profiling reads every kernel\'s output back, so the wall time is above the timed figures.',
      '',
      ...file.kernelProfiles.map(formatKernelProfile),
    );
  }
  if (file.mvtecScale) out.push(formatMvtecScale(file.mvtecScale));
  return out.join('\n');
}

/** Writes `benchmarks.json` and `benchmarks.md` into `dir` (created if needed), each atomically. */
export async function writeReport(dir: string, file: BenchmarkFile): Promise<{ json: string; markdown: string }> {
  const json = join(dir, 'benchmarks.json');
  const markdown = join(dir, 'benchmarks.md');
  await writeJsonAtomic(json, file);
  await writeFileAtomic(markdown, formatMarkdown(file));
  return { json, markdown };
}
