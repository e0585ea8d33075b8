/** The `worker` command: run queued grid jobs (from `enqueue`) into a shared results folder. */
import { defineCommand, type ParsedOptions } from '../define';
import type { RawOptions } from '../parse-args';
import { nonEmpty, positiveInt } from '../parsers';
import { queueUrl } from './enqueue';

/** The `worker` command's declaration. */
export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'take queued grid jobs (from enqueue) one at a time and run each into the shared --out',
  options: {
    queue: { schema: queueUrl, required: 'the Redis URL, redis://host:port', help: 'Redis URL of the job queue (redis://[user:password@]host:port[/db]), required' },
    out: { schema: nonEmpty('--out'), required: 'the shared results folder', help: 'shared results folder the class folders are written under, required' },
    concurrency: { schema: positiveInt('--concurrency'), default: '1', help: 'jobs run at once in this process' },
    backend: { schema: nonEmpty('--backend'), unset: 'auto', help: 'tfjs backend forced (otherwise the best available; NLN_BACKEND also works)' },
    'lock-duration': {
      schema: positiveInt('--lock-duration'),
      default: '30000',
      help: 'ms a running job stays locked without renewal; a job whose worker died is taken again after it',
    },
    'stalled-interval': { schema: positiveInt('--stalled-interval'), default: '30000', help: 'ms between checks for jobs whose worker died' },
  },
});

/** Schema of the options of `worker` as given (see `trainArgsSchema`). */
export const workerArgsSchema = workerCommand.argsSchema;

/** Validated options of `worker`. */
export type WorkerOptions = ParsedOptions<typeof workerCommand.options>;

/** Validates the raw options of `worker` and fills in the defaults. Throws `UsageError`. */
export function parseWorkerOptions(raw: RawOptions, now = new Date()): WorkerOptions {
  return workerCommand.parse(raw, now);
}
