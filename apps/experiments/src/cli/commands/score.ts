/** The `score` command: score new images with a class folder of a finished run. */
import { defineCommand, type ParsedOptions } from '../define';
import type { RawOptions } from '../parse-args';
import { bool, nonEmpty, positiveInt, timestamp } from '../parsers';

/** The `score` command's declaration. */
export const scoreCommand = defineCommand({
  name: 'score',
  summary: 'score new images with a class folder of a finished run',
  options: {
    run: {
      schema: nonEmpty('--run'),
      required: 'a class folder written by miso, simo or mvtec',
      help: 'class folder written by a run (holds model/ and scorer/), required',
    },
    input: {
      schema: nonEmpty('--input'),
      required: 'an image file, folder or glob',
      help: 'PNG/JPEG file, folder or glob; IDX image file; CIFAR-10 .bin batch; or an MVTec class folder, required',
    },
    out: {
      schema: nonEmpty('--out'),
      default: ({ now, values }) => `${(values.run ?? '').replace(/\/+$/, '')}/scores-${timestamp(now)}`,
      defaultText: '<run>/scores-<timestamp>',
      help: 'output folder for scores.csv, scores.json and maps',
    },
    maps: { schema: bool, default: 'false', help: 'write one PNG per image: input, reconstruction, neighbour reconstructions, error map' },
    resize: {
      schema: bool,
      default: 'false',
      help: "scale PNG/JPEG images of another size to the model's (each one is named); without it they are skipped",
    },
    'batch-size': { schema: positiveInt('--batch-size'), default: '256', help: 'inference batch size' },
    backend: { schema: nonEmpty('--backend'), unset: 'auto', help: 'tfjs backend forced' },
    quiet: { schema: bool, default: 'false', help: 'print only the summary, not the table' },
  },
});

/** Schema of the options of `score` as given (see `trainArgsSchema`). */
export const scoreArgsSchema = scoreCommand.argsSchema;

/** Validated options of `score`. */
export type ScoreOptions = ParsedOptions<typeof scoreCommand.options>;

/** Validates the raw options of `score` and fills in the defaults. Throws `UsageError`. */
export function parseScoreOptions(raw: RawOptions, now = new Date()): ScoreOptions {
  return scoreCommand.parse(raw, now);
}
