/** The `report` command: merge class folders into one results set and report. */
import { defineCommand, type ParsedOptions } from '../define';
import type { RawOptions } from '../parse-args';
import { bool, nonEmpty, timestamp } from '../parsers';

/** The `report` command's declaration. */
export const reportCommand = defineCommand({
  name: 'report',
  summary: 'merge class folders (from one or many machines) into one results set and report',
  options: {
    runs: {
      schema: nonEmpty('--runs').transform((s) =>
        s
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v.length > 0),
      ),
      required: 'folders to merge',
      help: 'run folders or class folders to merge (comma list; globs allowed), required',
    },
    out: {
      schema: nonEmpty('--out'),
      default: ({ now }) => `results/report-${timestamp(now)}`,
      defaultText: 'results/report-<timestamp>',
      help: 'output folder of the merged results',
    },
    plots: { schema: bool, default: 'true', help: 'write PNG plots' },
  },
});

/** Schema of the options of `report` as given (see `trainArgsSchema`). */
export const reportArgsSchema = reportCommand.argsSchema;

/** Validated options of `report`. */
export type ReportOptions = ParsedOptions<typeof reportCommand.options>;

/** Validates the raw options of `report` and fills in the defaults. Throws `UsageError`. */
export function parseReportOptions(raw: RawOptions, now = new Date()): ReportOptions {
  return reportCommand.parse(raw, now);
}
