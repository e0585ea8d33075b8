/** Raw command-line options: each `--name` with the string values given for it (flags get `'true'`). */
export type RawOptions = Record<string, string>;

/** An error in the command line (unknown option, impossible value); the app exits with code 2. */
export class UsageError extends Error {
  /** Creates a usage error with a message meant for the terminal. */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command and its raw options, as split from `argv`. */
export interface ParsedArgs {
  /** First positional argument (the command, one of `COMMANDS` in `commands/index.ts`), if any. */
  readonly command: string | undefined;
  /** `--name=value`, `--name value` and bare `--flag` (value `'true'`), keyed by kebab-case name. */
  readonly options: RawOptions;
  /** True when `--help` or `-h` was given. */
  readonly help: boolean;
}

/**
 * Splits Nx-style arguments: `--dataset=mnist`, `--k=1,2,5`, `--epochs 3`, `--resume`, `--no-resume`.
 * camelCase names are converted to kebab-case so `--dataDir` and `--data-dir` are the same option.
 * Repeating an option, or a stray positional argument after the command, is a {@link UsageError}.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: RawOptions = {};
  let command: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--') continue;
    if (!arg.startsWith('--')) {
      if (command === undefined && i === 0) {
        command = arg;
        continue;
      }
      throw new UsageError(`unexpected argument '${arg}' (options look like --name=value)`);
    }
    const body = arg.slice(2);
    const eq = body.indexOf('=');
    let name = eq >= 0 ? body.slice(0, eq) : body;
    let value: string;
    if (eq >= 0) {
      value = body.slice(eq + 1);
    } else if (name.startsWith('no-')) {
      name = name.slice(3);
      value = 'false';
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    } else {
      value = 'true';
    }
    name = toKebab(name);
    if (name.length === 0) throw new UsageError(`empty option name in '${arg}'`);
    if (name in options) throw new UsageError(`option --${name} given more than once`);
    options[name] = value;
  }
  return { command, options, help };
}

/** `dataDir` -> `data-dir`; kebab-case names pass through unchanged. */
export function toKebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
