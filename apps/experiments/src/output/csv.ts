/** Quotes one CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'number' ? formatNumber(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Number.isFinite(value) ? String(Number(value.toPrecision(10))) : String(value);
}

/**
 * Renders objects as CSV with the given columns (in order). A column may name a nested field with a dot
 * (`pixel.iou`); missing values are empty fields.
 */
export function toCsv(rows: readonly object[], columns: readonly string[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) {
    lines.push(columns.map((c) => csvField(lookup(row, c))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function lookup(row: object, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
