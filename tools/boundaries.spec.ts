import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const libraries = ['datasets', 'models', 'nln-core', 'metrics', 'mvtec-patching'];
const apps = ['experiments', 'benchmarks', 'viewer'];

/** The dependency edges the workspace issue allows, library by library. */
const allowedLibraryDeps: Record<string, string[]> = {
  datasets: [],
  metrics: [],
  'mvtec-patching': [],
  models: ['datasets'],
  'nln-core': ['datasets', 'metrics', 'models'],
};

/** Lints `source` as if it were a file of `fromProject` (through the eslint CLI, which loads the ESM config). */
function boundaryErrors(fromProject: string, source: string): string[] {
  const dir = libraries.includes(fromProject) ? 'packages' : 'apps';
  const filePath = join(root, dir, fromProject, 'src', 'boundary-probe.ts');
  const eslintBin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
  let output: string;
  try {
    output = execFileSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', filePath], {
      cwd: root,
      input: source,
      encoding: 'utf8',
    });
  } catch (error) {
    // eslint exits 1 when it reports errors; its JSON report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const [result] = JSON.parse(output) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  jest.setTimeout(60_000);

  it.each([
    ['datasets', "import { x } from '@nln/models';\nexport const y = x;\n"],
    ['metrics', "import { x } from '@nln/datasets';\nexport const y = x;\n"],
    ['mvtec-patching', "import { x } from '@nln/metrics';\nexport const y = x;\n"],
    ['models', "import { x } from '@nln/nln-core';\nexport const y = x;\n"],
    ['nln-core', "import { x } from '@nln/mvtec-patching';\nexport const y = x;\n"],
    ['models', "import { x } from '../../datasets/src/index';\nexport const y = x;\n"],
    ['models', "import { x } from '@nln/datasets/src/index';\nexport const y = x;\n"],
  ])('%s: rejects %j', (project, source) => {
    expect(boundaryErrors(project, source)).not.toHaveLength(0);
  });

  it.each([
    ['models', "import { x } from '@nln/datasets';\nexport const y = x;\n"],
    ['nln-core', "import { x } from '@nln/models';\nexport const y = x;\n"],
    ['nln-core', "import { x } from '@nln/metrics';\nexport const y = x;\n"],
    ['experiments', "import { x } from '@nln/nln-core';\nexport const y = x;\n"],
    ['viewer', "import { x } from '@nln/nln-core/browser';\nexport const y = x;\n"],
  ])('%s: allows %j', (project, source) => {
    expect(boundaryErrors(project, source)).toEqual([]);
  });
});

describe('project graph', () => {
  jest.setTimeout(120_000);

  it('has the 8 projects and only the intended edges', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nln-graph-'));
    try {
      const file = join(dir, 'graph.json');
      execFileSync(process.execPath, [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'graph', `--file=${file}`], {
        cwd: root,
        stdio: 'pipe',
        env: { ...process.env, NX_DAEMON: 'false' },
      });
      const graph = JSON.parse(readFileSync(file, 'utf8')).graph as {
        nodes: Record<string, unknown>;
        dependencies: Record<string, { target: string }[]>;
      };
      expect(Object.keys(graph.nodes).sort()).toEqual([...libraries, ...apps].sort());
      for (const lib of libraries) {
        const targets = graph.dependencies[lib].map((d) => d.target).filter((t) => t in graph.nodes);
        for (const target of targets) expect(allowedLibraryDeps[lib]).toContain(target);
      }
      for (const app of apps) {
        const targets = graph.dependencies[app].map((d) => d.target).filter((t) => t in graph.nodes);
        for (const target of targets) expect(libraries).toContain(target);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
