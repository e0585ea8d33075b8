/** The `view` command: serve the viewer app and a finished run's folder, read-only, on 127.0.0.1. */
import { z } from 'zod';
import { defineCommand, type ParsedOptions } from '../define';
import type { RawOptions } from '../parse-args';
import { nonEmpty } from '../parsers';

/** The `view` command's declaration. */
export const viewCommand = defineCommand({
  name: 'view',
  summary: 'serve a finished run as an interactive report in the browser (127.0.0.1 only)',
  options: {
    run: {
      schema: nonEmpty('--run'),
      required: 'a results folder written by a protocol run or by report',
      help: 'results folder to show (holds run.json, results.json and the class folders), required',
    },
    port: {
      schema: z
        .string()
        .regex(/^\d+$/, '--port must be an integer from 1 to 65535')
        .transform(Number)
        .pipe(z.number().int().min(1, '--port must be at least 1').max(65535, '--port must be at most 65535')),
      default: '8173',
      help: 'port on 127.0.0.1 to serve on',
    },
  },
});

/** Schema of the options of `view` as given (see `trainArgsSchema`). */
export const viewArgsSchema = viewCommand.argsSchema;

/** Validated options of `view`. */
export type ViewOptions = ParsedOptions<typeof viewCommand.options>;

/** Validates the raw options of `view` and fills in the defaults. Throws `UsageError`. */
export function parseViewOptions(raw: RawOptions, now = new Date()): ViewOptions {
  return viewCommand.parse(raw, now);
}
