/** The per-class table (baseline, NLN held-out, K, alpha, oracle), sortable by any column. */
import type { ResultRow } from './run-data';

/** One line of the table. */
export interface ClassLine {
  readonly setting: string;
  readonly class: string;
  readonly baseline: number;
  readonly nln: number;
  readonly k: number;
  readonly alpha: number;
  readonly oracle: number | undefined;
}

const COLUMNS: readonly { key: keyof ClassLine; title: string; digits?: number }[] = [
  { key: 'setting', title: 'setting' },
  { key: 'class', title: 'class' },
  { key: 'baseline', title: 'baseline AUROC', digits: 4 },
  { key: 'nln', title: 'NLN AUROC (held out)', digits: 4 },
  { key: 'k', title: 'K' },
  { key: 'alpha', title: 'alpha' },
  { key: 'oracle', title: 'oracle NLN AUROC', digits: 4 },
];

/** The table's lines from result rows: each class's selected evaluation row, with its oracle row where marked. */
export function classLines(rows: readonly ResultRow[]): ClassLine[] {
  const key = (r: ResultRow) => `${r.protocol}-${r.dataset} ${r.model} L${r.latentDim}${r.featureConsistency && r.model === 'ae-con' ? ` ${r.featureConsistency}` : ''}`;
  const oracle = new Map(rows.filter((r) => r.oracle && r.split === 'evaluation').map((r) => [`${key(r)}|${r.class}`, r.aurocNln]));
  return rows
    .filter((r) => r.selected && r.split === 'evaluation')
    .map((r) => ({ setting: key(r), class: r.class, baseline: r.aurocReconstruction, nln: r.aurocNln, k: r.k, alpha: r.alpha, oracle: oracle.get(`${key(r)}|${r.class}`) }));
}

function compare(a: ClassLine, b: ClassLine, key: keyof ClassLine): number {
  const x = a[key];
  const y = b[key];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x ?? '').localeCompare(String(y ?? ''), undefined, { numeric: true });
}

/** Renders the table into `parent`; clicking a header sorts by it (again: reverses). */
export function renderClassTable(parent: HTMLElement, lines: readonly ClassLine[], onPick: (line: ClassLine) => void): void {
  let sortKey: keyof ClassLine = 'class';
  let ascending = true;
  const table = document.createElement('table');
  table.id = 'class-table';
  const draw = () => {
    const sorted = [...lines].sort((a, b) => (ascending ? 1 : -1) * compare(a, b, sortKey));
    const head = COLUMNS.map((c) => `<th data-key="${c.key}" class="${c.key === sortKey ? (ascending ? 'sorted-asc' : 'sorted-desc') : ''}">${c.title}</th>`).join('');
    const body = sorted
      .map((line, i) => `<tr data-index="${i}" data-class="${line.class}">${COLUMNS.map((c) => {
        const v = line[c.key];
        return `<td>${typeof v === 'number' && c.digits !== undefined ? v.toFixed(c.digits) : (v ?? '-')}</td>`;
      }).join('')}</tr>`)
      .join('');
    table.innerHTML = `<thead><tr>${head}</tr></thead><tbody>${body}</tbody>`;
    table.querySelectorAll('th').forEach((th) =>
      th.addEventListener('click', () => {
        const key = th.dataset.key as keyof ClassLine;
        ascending = key === sortKey ? !ascending : true;
        sortKey = key;
        draw();
      }),
    );
    table.querySelectorAll('tbody tr').forEach((tr) => tr.addEventListener('click', () => onPick(sorted[Number((tr as HTMLElement).dataset.index)])));
  };
  draw();
  parent.replaceChildren(table);
}
