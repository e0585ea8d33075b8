/** The `enqueue` command: put a miso, simo or mvtec grid on a BullMQ job queue, one job per (class, model, L). */
import { checkQueueUrl } from '../../queue/connection';
import { PROTOCOLS, type Protocol } from '../../vocabulary';
import { defineCommand } from '../define';
import { UsageError, type RawOptions } from '../parse-args';
import { bool, nonEmpty } from '../parsers';
import { parseTrainOptions, type RunOptions } from './train';

/** A `--queue` value: a redis:// or rediss:// URL with a host. */
export const queueUrl = nonEmpty('--queue').superRefine((url, ctx) => {
  try {
    checkQueueUrl(url);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^--queue: /, '') });
  }
});

/** The `enqueue` command's declaration: its own options; the rest are the protocol's. */
export const enqueueCommand = defineCommand({
  name: 'enqueue',
  summary: 'put a miso, simo or mvtec grid on a Redis job queue (BullMQ) for `worker` processes; --wait follows it and writes the report',
  usageNote: `(after the protocol: enqueue ${PROTOCOLS.join('|')}; every option of that protocol too, --out: where --wait writes the report)`,
  options: {
    queue: { schema: queueUrl, required: 'the Redis URL, redis://host:port', help: 'Redis URL of the job queue (redis://[user:password@]host:port[/db]), required' },
    wait: { schema: bool, default: 'false', help: 'follow the jobs and, when all are done, merge their class folders into --out (as report does)' },
    shared: {
      schema: nonEmpty('--shared'),
      unset: 'the paths the workers report',
      help: "with --wait: the workers' --out folder as this machine mounts it, where the class folders are read from",
    },
  },
});

/** Schema of the options of `enqueue` itself as given (see `trainArgsSchema`). */
export const enqueueArgsSchema = enqueueCommand.argsSchema;

/** Validated options of `enqueue`. */
export interface EnqueueOptions {
  /** Redis URL of the queue. */
  readonly queue: string;
  /** Follow the jobs and write the merged report. */
  readonly wait: boolean;
  /** With `wait`: the workers' `--out` as mounted here (default: the folders as the workers name them). */
  readonly shared?: string;
  /** The grid's options, parsed as the protocol's command parses them. */
  readonly run: RunOptions;
  /** The grid's options as given (strings), which the jobs carry. */
  readonly given: RawOptions;
}

const REFUSED: Readonly<Record<string, string>> = {
  workers: 'each worker process takes --concurrency jobs at once; enqueue does not take --workers',
  resume: 'queued jobs always reuse a complete class folder; enqueue does not take --resume',
};

/**
 * Takes the protocol from `enqueue <protocol> ...` (or `enqueue --queue=... <protocol> ...`: the first bare
 * argument right after the command or after a `--name=value`): returns it and the arguments without it.
 */
export function splitProtocolArg(argv: readonly string[]): { protocol: string | undefined; argv: string[] } {
  if (argv[0] !== 'enqueue') return { protocol: undefined, argv: [...argv] };
  const at = argv.findIndex((arg, i) => i > 0 && !arg.startsWith('-') && (i === 1 || argv[i - 1].includes('=')));
  if (at < 0) return { protocol: undefined, argv: [...argv] };
  return { protocol: argv[at], argv: argv.filter((_, i) => i !== at) };
}

/** Validates `enqueue <protocol>`'s options: its own, then the rest as the protocol's command would. Throws `UsageError`. */
export function parseEnqueueOptions(protocol: string | undefined, raw: RawOptions, now = new Date()): EnqueueOptions {
  if (!(PROTOCOLS as readonly (string | undefined)[]).includes(protocol)) {
    throw new UsageError(`enqueue needs the protocol first: enqueue ${PROTOCOLS.join('|')} --queue=redis://host:port ... (got ${protocol === undefined ? 'none' : `'${protocol}'`})`);
  }
  const own: RawOptions = {};
  const given: RawOptions = {};
  for (const [name, value] of Object.entries(raw)) {
    if (REFUSED[name] !== undefined) throw new UsageError(`--${name}: ${REFUSED[name]}`);
    if (name in enqueueCommand.options) own[name] = value;
    else given[name] = value;
  }
  const { queue, wait, shared } = enqueueCommand.parse(own, now);
  if (shared !== undefined && !wait) throw new UsageError('--shared tells --wait where to read the class folders; it needs --wait');
  return { queue, wait, ...(shared === undefined ? {} : { shared }), run: parseTrainOptions(protocol as Protocol, given, now), given };
}
