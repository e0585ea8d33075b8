import { z } from 'zod';
import { enqueueArgsSchema, parseEnqueueOptions } from './enqueue';
import { COMMANDS, helpText, isCommand } from './index';
import { parseReportOptions, reportArgsSchema } from './report';
import { parseScoreOptions, scoreArgsSchema } from './score';
import { parseTrainOptions, trainArgsSchema } from './train';
import { parseViewOptions, viewArgsSchema } from './view';
import { parseWorkerOptions, workerArgsSchema } from './worker';
import { PROTOCOLS } from '../../vocabulary';
import type { RawOptions } from '../parse-args';

/** The option names a `--help` text lists. */
function listed(help: string): string[] {
  return [...help.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]);
}

/** The option names a schema knows. */
function schemaNames(schema: z.ZodType): string[] {
  return Object.keys((schema as z.ZodObject).shape);
}

const parsers: Record<string, { schema: z.ZodType; parse: (raw: RawOptions) => unknown }> = {
  ...Object.fromEntries(PROTOCOLS.map((p) => [p, { schema: trainArgsSchema, parse: (raw: RawOptions) => parseTrainOptions(p, raw) }])),
  score: { schema: scoreArgsSchema, parse: parseScoreOptions },
  report: { schema: reportArgsSchema, parse: parseReportOptions },
  view: { schema: viewArgsSchema, parse: parseViewOptions },
  enqueue: { schema: enqueueArgsSchema, parse: (raw: RawOptions) => parseEnqueueOptions('miso', raw) },
  worker: { schema: workerArgsSchema, parse: parseWorkerOptions },
};

describe('help and schema', () => {
  it('cover the same commands', () => {
    expect(Object.keys(parsers).sort()).toEqual([...COMMANDS].sort());
    expect(COMMANDS.every((c) => isCommand(c))).toBe(true);
    expect(isCommand('train')).toBe(false);
  });

  it.each(COMMANDS)('%s: --help lists every option the command takes, once, and no other', (command) => {
    const names = listed(helpText(command));
    const { schema, parse } = parsers[command];
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => schemaNames(schema).includes(n))).toBe(true);
    for (const name of schemaNames(schema).filter((n) => !names.includes(n))) {
      // Not listed: the command refuses it (with a reason), whatever its value.
      expect(() => parse({ [name]: '1' })).toThrow(new RegExp(`--${name}: `));
    }
  });

  it('every schema option is listed by some command', () => {
    const all = new Set(COMMANDS.flatMap((c) => listed(helpText(c))));
    for (const schema of [trainArgsSchema, scoreArgsSchema, reportArgsSchema, enqueueArgsSchema, workerArgsSchema]) {
      for (const name of schemaNames(schema)) expect(all).toContain(name);
    }
  });
});
