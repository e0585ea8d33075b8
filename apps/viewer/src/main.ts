/**
 * The run viewer: the run's settings, the sortable per-class table, each class's charts and residual maps,
 * and scoring dropped images with a class's model (loaded on demand, in its own chunk).
 */
import { histogramSpec, aurocSpec, renderChart, rocSpec } from './charts';
import { classLines, renderClassTable } from './class-table';
import { fetchJson, findClassRuns, optionalJson, parseCsv, runUrl, type ClassRecord, type ClassRun, type ResultRow } from './run-data';

const started = performance.now();

function element(selector: string): HTMLElement {
  const found = document.querySelector(selector);
  if (!(found instanceof HTMLElement)) throw new Error(`the page has no ${selector}`);
  return found;
}

function renderSettings(run: unknown): void {
  const parent = element('#settings .content');
  if (run === undefined) {
    parent.textContent = 'this folder has no run.json';
    return;
  }
  const list = document.createElement('dl');
  list.className = 'settings';
  const add = (key: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) add(key ? `${key}.${k}` : k, v);
      return;
    }
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = key;
    dd.textContent = Array.isArray(value) && value.every((v) => typeof v !== 'object') ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    list.append(dt, dd);
  };
  add('', run);
  parent.replaceChildren(list);
}

async function showClass(run: ClassRun): Promise<void> {
  const charts = element('#charts');
  charts.replaceChildren();
  const record = await fetchJson<ClassRecord>(runUrl(`${run.folder}/class.json`));
  const scoresText = await fetch(runUrl(`${run.folder}/test-scores.csv`)).then((r) => (r.ok ? r.text() : ''));
  const scores = parseCsv(scoresText)
    .filter((r) => r.split === 'evaluation')
    .map((r) => ({ score: Number(r.score), novel: r.novel === '1' || r.novel === 'true' }));
  await renderChart(charts, rocSpec(record));
  if (document.body.dataset.firstChartMs === undefined) document.body.dataset.firstChartMs = (performance.now() - started).toFixed(0);
  await renderChart(charts, aurocSpec(record, 'k'));
  await renderChart(charts, aurocSpec(record, 'alpha'));
  if (scores.length > 0) await renderChart(charts, histogramSpec(scores, record.threshold.value));
  element('#residuals').innerHTML = run.images.map((img) => `<figure><img src="${runUrl(img)}" alt="${img}" /><figcaption>${img}</figcaption></figure>`).join('');
  const { renderScorePanel } = await import('./score-panel.js');
  await renderScorePanel(element('#score .content'), run.folder, record);
}

async function main(): Promise<void> {
  const { files } = await fetchJson<{ files: string[] }>('run-files.json');
  const runs = findClassRuns(files);
  const [runJson, results] = await Promise.all([optionalJson<unknown>('run.json'), optionalJson<{ rows: ResultRow[] }>('results.json')]);
  renderSettings(runJson);
  const rows = results?.rows ?? (await Promise.all(runs.map((r) => fetchJson<ClassRecord>(runUrl(`${r.folder}/class.json`))))).flatMap((r) => r.rows);
  element('#run-title').textContent = `${runs.length} class run(s)`;
  const picker = element('#class-picker') as HTMLSelectElement;
  picker.innerHTML = runs.map((r, i) => `<option value="${i}">${r.label}</option>`).join('');
  const pick = (index: number) => {
    picker.value = String(index);
    void showClass(runs[index]).catch((error: unknown) => (element('#charts').textContent = (error as Error).message));
  };
  picker.addEventListener('change', () => pick(Number(picker.value)));
  renderClassTable(element('#classes .content'), classLines(rows), (line) => {
    const index = runs.findIndex((r) => r.folder.endsWith(`/class-${line.class}`) && r.folder.includes(line.setting.split(' ')[0]));
    if (index >= 0) pick(index);
  });
  if (runs.length > 0) pick(0);
  else element('#charts').textContent = 'no complete class folders in this run';
}

main().catch((error: unknown) => {
  document.body.dataset.error = (error as Error).message;
  element('#settings .content').innerHTML = `<p class="error">${(error as Error).message}</p>`;
});
