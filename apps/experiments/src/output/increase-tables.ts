import { MODEL_KINDS } from '@nln/models';
import { settingVariant } from './oracle';
import type { GroupSummary } from './summary';

const f1 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(1));

function columnName(g: GroupSummary): string {
  const variant = settingVariant(g.classes[0]);
  return `${g.model.toUpperCase()}${variant === undefined ? '' : ` (Eq. 8 ${variant})`}`;
}

/**
 * The paper's Tables 1-2 for our groups, one table per latent size L: a row per (protocol, dataset), a
 * column per model, each cell the mean % AUROC increase from NLN with K and alpha chosen on the selection
 * split, then with the oracle's, then the paper's figure. Markdown lines, empty without groups.
 */
export function increaseTables(groups: readonly GroupSummary[]): string[] {
  const lines: string[] = [];
  const dims = [...new Set(groups.map((g) => g.classes[0].latentDim))].sort((a, b) => a - b);
  for (const L of dims) {
    const atL = groups.filter((g) => g.classes[0].latentDim === L);
    const ordered = [...atL].sort((a, b) => MODEL_KINDS.indexOf(a.model) - MODEL_KINDS.indexOf(b.model) || columnName(a).localeCompare(columnName(b)));
    const columns = [...new Set(ordered.map(columnName))];
    const settings = [...new Set(atL.map((g) => `${g.protocol.toUpperCase()} ${g.dataset}`))];
    lines.push(`## L = ${L}: mean % AUROC increase from NLN (the paper's Tables 1-2)`);
    lines.push('');
    lines.push('Each cell: K and alpha chosen on the selection split / at the oracle (paper).');
    lines.push('');
    lines.push(`| | ${columns.join(' | ')} |`);
    lines.push(`|---|${columns.map(() => '---').join('|')}|`);
    for (const setting of settings) {
      const cells = columns.map((col) => {
        const g = atL.find((x) => `${x.protocol.toUpperCase()} ${x.dataset}` === setting && columnName(x) === col);
        return g === undefined ? '' : `${f1(g.percentIncrease)} / ${f1(g.percentIncreaseOracle)} (${f1(g.paper.percentIncrease)})`;
      });
      lines.push(`| ${setting} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines;
}
