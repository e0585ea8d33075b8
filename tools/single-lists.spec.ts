import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import * as ts from 'typescript';

const root = join(__dirname, '..');

/** A list of names written out once, as `export const <constant> = [...] as const` in `owner`. */
interface OwnedList {
  /** What the names are, for messages. */
  readonly what: string;
  /** The file that declares the list, relative to the workspace root. */
  readonly owner: string;
  /** The constant holding the list. */
  readonly constant: string;
  /** Names the app adds to the owner's list, guarded with it (`mvtec` after the MISO/SIMO protocols). */
  readonly extra?: readonly string[];
}

const LISTS: readonly OwnedList[] = [
  { what: 'model kinds', owner: 'packages/models/src/models/model-kinds.ts', constant: 'MODEL_KINDS' },
  { what: 'protocols', owner: 'packages/datasets/src/splits.ts', constant: 'NOVELTY_PROTOCOLS', extra: ['mvtec'] },
  { what: 'MVTec-AD classes', owner: 'packages/datasets/src/mvtec.ts', constant: 'MVTEC_CLASSES' },
  { what: 'data sets', owner: 'apps/experiments/src/vocabulary.ts', constant: 'DATASETS' },
  { what: 'threshold rules', owner: 'apps/experiments/src/vocabulary.ts', constant: 'THRESHOLD_RULES' },
];

/** Source files of every package and app, specs left out (they may spell out what they expect). */
const FILES = globSync(['packages/*/src/**/*.ts', 'packages/*/scripts/**/*.ts', 'apps/*/src/**/*.ts', 'apps/*/scripts/**/*.ts'], {
  cwd: root,
  ignore: ['**/*.spec.ts', '**/node_modules/**'],
}).sort();

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The string values of `export const <constant> = [...] as const` in `file`. */
function declaredList(file: string, constant: string): string[] {
  let values: string[] | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === constant && node.initializer && ts.isAsExpression(node.initializer)) {
      const list = node.initializer.expression;
      if (ts.isArrayLiteralExpression(list)) values = list.elements.filter(ts.isStringLiteral).map((e) => e.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  if (values === undefined) throw new Error(`${file}: no 'export const ${constant} = [...] as const'`);
  return values;
}

/**
 * Where `file` writes out a copy of `names`: an array literal or a union type holding more than half of
 * them as string literals, or a string holding all of them joined by commas or bars. Returns `file:line`s.
 */
function copiesIn(file: string, names: readonly string[]): string[] {
  const source = parse(file);
  const wanted = new Set(names);
  const enough = Math.floor(names.length / 2) + 1;
  const joined = new RegExp(names.map((n) => n.replace(/[-]/g, '\\-')).join('\\s*[,|]\\s*'));
  const hits: string[] = [];
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const count = (texts: string[]) => new Set(texts.filter((t) => wanted.has(t))).size;
  const visit = (node: ts.Node): void => {
    if (ts.isArrayLiteralExpression(node) && count(node.elements.filter(ts.isStringLiteral).map((e) => e.text)) >= enough) hits.push(at(node));
    if (ts.isUnionTypeNode(node)) {
      const literals = node.types.filter(ts.isLiteralTypeNode).map((t) => t.literal);
      if (count(literals.filter(ts.isStringLiteral).map((l) => l.text)) >= enough) hits.push(at(node));
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && joined.test(node.text)) hits.push(at(node));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return hits;
}

describe('each list of names is written once', () => {
  it('finds the source files', () => {
    expect(FILES.length).toBeGreaterThan(100);
    for (const list of LISTS) expect(FILES).toContain(list.owner);
  });

  it.each(LISTS.map((l) => [l.what, l] as const))('%s: only in their owner', (_what, list) => {
    const names = [...declaredList(list.owner, list.constant), ...(list.extra ?? [])];
    const copies = FILES.flatMap((file) => copiesIn(file, names));
    // The owner's declaration is the one copy; every other place derives from it.
    expect(copies.filter((hit) => !hit.startsWith(`${list.owner}:`))).toEqual([]);
    expect(copies).toHaveLength(1);
  });

  it('notices a copy', () => {
    const names = declaredList('packages/models/src/models/model-kinds.ts', 'MODEL_KINDS');
    expect(copiesIn('tools/single-lists.spec.ts', names)).toHaveLength(1);
  });
});

// A copy for the test above to find (this file is not among FILES): the union below holds every model kind.
export type ProbeCopy = 'ae' | 'aae' | 'vae' | 'ae-res' | 'ae-con';
