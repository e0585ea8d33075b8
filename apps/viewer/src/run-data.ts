/** What the page reads from the served run folder: its file list, JSON and CSV files, and its class runs. */

/** One row of results.json / class.json (the fields the page uses). */
export interface ResultRow {
  readonly protocol: string;
  readonly dataset: string;
  readonly model: string;
  readonly class: string;
  readonly latentDim: number;
  readonly k: number;
  readonly alpha: number;
  readonly split: 'selection' | 'evaluation';
  readonly aurocReconstruction: number;
  readonly aurocNln: number;
  readonly selected: boolean;
  readonly oracle: boolean;
  readonly featureConsistency?: string;
}

/** A ROC curve as class.json stores it. */
export interface Curve {
  readonly fpr: readonly number[];
  readonly tpr: readonly number[];
  readonly auroc: number;
}

/** The parts of class.json the page uses. */
export interface ClassRecord {
  readonly protocol: string;
  readonly dataset: string;
  readonly model: string;
  readonly class: string;
  readonly latentDim: number;
  readonly inputShape: readonly [number, number, number];
  readonly preprocessing: 'per-image-min-max' | 'divide-255' | string;
  readonly chosen: { readonly k: number; readonly alpha: number };
  readonly threshold: { readonly method: string; readonly value: number };
  readonly rows: readonly ResultRow[];
  readonly curves?: { readonly baseline?: Curve; readonly nln?: Curve };
}

/** A complete class folder of the run. */
export interface ClassRun {
  /** Folder relative to the run, without trailing slash. */
  readonly folder: string;
  /** `protocol-dataset / model / L / class`, for pickers. */
  readonly label: string;
  /** PNG files directly in the folder (MVTec residual maps). */
  readonly images: readonly string[];
}

/** URL of a run file. */
export function runUrl(path: string): string {
  return `run/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Fetches JSON; errors name the URL. */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Fetches a run file's JSON, or undefined when the run has no such file. */
export async function optionalJson<T>(path: string): Promise<T | undefined> {
  const response = await fetch(runUrl(path));
  return response.ok ? ((await response.json()) as T) : undefined;
}

/** Parses a CSV of plain values (no quoted commas, as the run writes them) into records. */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0]?.split(',') ?? [];
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** The complete class folders (a `class.json` beside a `complete.json`) among the run's files. */
export function findClassRuns(files: readonly string[]): ClassRun[] {
  const set = new Set(files);
  return files
    .filter((f) => f.endsWith('/class.json') && set.has(f.replace(/class\.json$/, 'complete.json')))
    .map((f) => {
      const folder = f.slice(0, -'/class.json'.length);
      const images = files.filter((g) => g.startsWith(`${folder}/`) && g.endsWith('.png') && !g.slice(folder.length + 1).includes('/'));
      return { folder, label: folder.replace(/\//g, ' / '), images };
    })
    .sort((a, b) => a.folder.localeCompare(b.folder, undefined, { numeric: true }));
}
