/**
 * Commands declared as tables of options, each option one entry (schema, default, help). Everything else is
 * derived here: the strict zod object, the defaults, the `--help` text, the parsed type and the checks.
 */
import { z } from 'zod';
import { PROFILES, type Profile } from '../vocabulary';
import { UsageError, type RawOptions } from './parse-args';

/** What a computed default sees. */
export interface DefaultContext {
  /** The command being parsed. */
  readonly command: string;
  /** The profile in force (the `profile` option's value, else the first of `PROFILES`). */
  readonly profile: Profile;
  /** When the command started, for output folder names. */
  readonly now: Date;
  /** The options given, and the defaults of the options declared before this one, as strings. */
  readonly values: Readonly<RawOptions>;
}

/** A default, as a command-line string parsed like user input: one for all, one per profile, or computed; `undefined`: none. */
export type OptionDefault = string | Readonly<Record<Profile, string | undefined>> | ((at: DefaultContext) => string | undefined);

/** One command-line option, declared once: how its value is parsed, its default and its help. */
export interface OptionSpec {
  /** Parses the command-line string into the option's value. */
  readonly schema: z.ZodType;
  /** One-line description for `--help`. */
  readonly help: string;
  /** The default; absent: no value unless given. */
  readonly default?: OptionDefault;
  /** What no value means, for `--help` (`all`, `auto`); `-` when absent. */
  readonly unset?: string;
  /** `--help`'s default text, needed where the default is computed. */
  readonly defaultText?: string;
  /** Property of the parsed options when not the camelCase name (`latent-dim` gives `latentDims`). */
  readonly key?: string;
  /** Makes the option required: what to give, for the message `--<name> is required (<required>)`. */
  readonly required?: string;
  /** The commands that take the option, where commands share one table (default: all of them). */
  readonly only?: readonly string[];
  /** Why the other commands refuse it; a function may return `undefined` to accept the value and ignore it. */
  readonly refused?: string | ((value: string) => string | undefined);
}

/** The options of a command (or of commands sharing them), by kebab-case name, in `--help` order. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type KeyOf<N extends string, O> = O extends { readonly key: infer K extends string } ? K : Camel<N>;
type AlwaysSet<O> = O extends { readonly required: string }
  ? true
  : O extends { readonly default: infer D }
    ? [D] extends [string | Readonly<Record<Profile, string>> | ((at: DefaultContext) => string)]
      ? true
      : false
    : false;

/** The parsed value of an option: its schema's output, with `undefined` unless it always has a value. */
export type ValueOf<O extends OptionSpec> = z.output<O['schema']> | (AlwaysSet<O> extends true ? never : undefined);
/** Parsed values by option name, as a command's cross-option checks see them. */
export type OptionValues<T extends OptionTable> = { readonly [N in keyof T]: ValueOf<T[N]> };
/** Parsed options by property name, as a command's parser returns them. */
export type ParsedOptions<T extends OptionTable> = { readonly [N in keyof T & string as KeyOf<N, T[N]>]: ValueOf<T[N]> };
/** The options as given, parsed but without defaults (what {@link Command.argsSchema} gives). */
export type GivenOptions<T extends OptionTable> = { readonly [N in keyof T]?: z.output<T[N]['schema']> };

/** A command as declared: name, purpose, options and the checks between options. */
export interface CommandSpec<N extends string, T extends OptionTable> {
  /** Name on the command line. */
  readonly name: N;
  /** One-line purpose, for `--help`. */
  readonly summary: string;
  /** Appended to the usage line of `--help`. */
  readonly usageNote?: string;
  /** The options. */
  readonly options: T;
  /** Cross-option checks, run once every value is parsed and defaulted; `issue` reports a usage error. */
  readonly refine?: (values: OptionValues<T>, issue: (message: string) => void) => void;
}

/** One option as `--help` lists it. */
export interface OptionDoc {
  /** Name without the leading `--`. */
  readonly name: string;
  /** One-line description. */
  readonly help: string;
  /** Default as shown by `--help`. */
  readonly defaultText: string;
}

/** A command with everything derived from its declaration. */
export interface Command<N extends string = string, T extends OptionTable = OptionTable> extends CommandSpec<N, T> {
  /** Strict schema of the options as given: every option optional, no defaults, no cross-option checks. */
  readonly argsSchema: z.ZodType<GivenOptions<T>>;
  /** Whether this command takes option `name`. */
  takes(name: string): boolean;
  /** The options `--help` lists. */
  docs(): OptionDoc[];
  /** The `--help` text: every option with its default. */
  help(): string;
  /** Validates raw options, fills in defaults and runs the checks. Throws {@link UsageError}. */
  parse(raw: RawOptions, now?: Date): ParsedOptions<T>;
}

/** Declares a table of options that several commands share, keeping each entry's exact type. */
export function optionTable<const T extends OptionTable>(table: T): T {
  return table;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function defaultText(spec: OptionSpec): string {
  const d = spec.default;
  if (spec.defaultText !== undefined) return spec.defaultText;
  if (typeof d === 'string') return d;
  if (typeof d === 'object') return PROFILES.map((p) => `${p}: ${d[p] ?? spec.unset ?? '-'}`).join('; ');
  return spec.unset ?? '-';
}

function defaultOf(spec: OptionSpec, at: DefaultContext): string | undefined {
  const d = spec.default;
  if (typeof d === 'function') return d(at);
  return typeof d === 'object' ? d[at.profile] : d;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown option${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((k) => `--${k}`).join(', ')}`;
      return issue.path.length > 0 ? `--${String(issue.path[0])}: ${issue.message}` : issue.message;
    })
    .join('\n');
}

function parseWith<S extends z.ZodType>(schema: S, raw: RawOptions, command: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new UsageError(`${formatIssues(result.error)}\n(see: npx nx run experiments:${command} -- --help)`);
  return result.data;
}

/** Derives a {@link Command} from its declaration. */
export function defineCommand<const N extends string, const T extends OptionTable>(spec: CommandSpec<N, T>): Command<N, T> {
  const entries = Object.entries(spec.options);
  for (const [name, option] of entries) {
    if (typeof option.default === 'function' && option.defaultText === undefined) throw new Error(`option --${name}: a computed default needs defaultText`);
  }
  const shape = Object.fromEntries(entries.map(([name, option]) => [name, option.schema.optional()]));
  const argsSchema = z.strictObject(shape) as unknown as z.ZodType<GivenOptions<T>>;
  const checked = argsSchema.superRefine(
    (values, ctx) => {
      const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
      const given = values as Record<string, unknown>;
      const missing = entries.filter(([name, option]) => option.required !== undefined && (given[name] === undefined || (Array.isArray(given[name]) && given[name].length === 0)));
      for (const [name, option] of missing) issue(`--${name} is required (${option.required})`);
      if (missing.length === 0) spec.refine?.(values as OptionValues<T>, issue);
    },
    { when: (payload) => payload.issues.length === 0 },
  );
  const takes = (name: string) => spec.options[name]?.only?.includes(spec.name) ?? true;
  const docs = () => entries.filter(([name]) => takes(name)).map(([name, option]) => ({ name, help: option.help, defaultText: defaultText(option) }));

  function help(): string {
    const list = docs();
    const width = Math.max(...list.map((d) => d.name.length)) + 4;
    const lines = list.map((d) => `  --${d.name.padEnd(width - 2)}${d.help}\n${' '.repeat(width + 2)}default: ${d.defaultText}`);
    const how = `npx nx run experiments:${spec.name} --name=value ...${spec.usageNote === undefined ? '' : `   ${spec.usageNote}`}`;
    return `experiments ${spec.name}: ${spec.summary}\n\nusage: ${how}\n\noptions:\n${lines.join('\n')}\n`;
  }

  function parse(raw: RawOptions, now = new Date()): ParsedOptions<T> {
    const values: RawOptions = {};
    for (const [name, value] of Object.entries(raw)) {
      const option = spec.options[name];
      if (option !== undefined && !takes(name)) {
        const reason = typeof option.refused === 'function' ? option.refused(value) : (option.refused ?? `the ${spec.name} command does not take this option`);
        if (reason === undefined) continue;
        throw new UsageError(`--${name}: ${reason}`);
      }
      values[name] = value;
    }
    const profileOption = spec.options.profile;
    let profile: Profile = PROFILES[0];
    if (profileOption !== undefined) {
      const text = values.profile ?? (typeof profileOption.default === 'string' ? profileOption.default : PROFILES[0]);
      profile = parseWith(z.strictObject({ profile: profileOption.schema }), { profile: text }, spec.name).profile as Profile;
    }
    for (const [name, option] of entries) {
      if (name in values) continue;
      const value = defaultOf(option, { command: spec.name, profile, now, values });
      if (value !== undefined) values[name] = value;
    }
    const parsed = parseWith(checked, values, spec.name) as Record<string, unknown>;
    return Object.fromEntries(entries.map(([name, option]) => [option.key ?? camel(name), parsed[name]])) as ParsedOptions<T>;
  }

  return { ...spec, argsSchema, takes, docs, help, parse };
}

/** Top-level `--help` text naming every command. */
export function commandsHelp(commands: readonly Pick<Command, 'name' | 'summary'>[]): string {
  const lines = commands.map((c) => `  ${c.name.padEnd(8)}${c.summary}`);
  return `usage: npx nx run experiments:<command> [--name=value ...]   (help: npx nx run experiments:<command> -- --help)\n\ncommands:\n${lines.join('\n')}\n`;
}
