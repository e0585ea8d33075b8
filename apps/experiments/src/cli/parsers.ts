/**
 * Value parsers shared by the commands' options: each takes the command-line string and gives the typed
 * value, with messages that name the option (`what`) where the value alone would be unclear.
 */
import { z } from 'zod';
import { parseByteSize } from '../pipeline/memory-budget';

/** A positive integer. */
export const positiveInt = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a positive integer`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${what} must be at least 1`));

/** A non-negative integer (`0` allowed). */
export const nonNegativeInt = () => z.string().regex(/^\d+$/, 'must be a non-negative integer').transform(Number);

/** A comma list of positive integers, ascending and without repeats. */
export const intList = (what: string) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(
      z
        .array(z.string().regex(/^\d+$/, `each ${what} must be a positive integer`).transform(Number))
        .min(1, `${what} list is empty`),
    )
    .pipe(z.array(z.number().int().min(1, `each ${what} must be at least 1`)))
    .transform((v) => [...new Set(v)].sort((a, b) => a - b));

/** A comma list of numbers in [0, 1], ascending and without repeats. */
export const unitList = (what: string) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.string().regex(/^(\d+(\.\d*)?|\.\d+)$/, `each ${what} must be a number in [0, 1]`).transform(Number)).min(1))
    .pipe(z.array(z.number().min(0, `each ${what} must be in [0, 1]`).max(1, `each ${what} must be in [0, 1]`)))
    .transform((v) => [...new Set(v)].sort((a, b) => a - b));

/** A number strictly between 0 and 1. */
export const fraction = (what: string) =>
  z
    .string()
    .regex(/^(\d+(\.\d*)?|\.\d+)$/, `${what} must be a number`)
    .transform(Number)
    .pipe(z.number().gt(0, `${what} must be above 0`).lt(1, `${what} must be below 1`));

/** `true` or `false` (a bare `--flag` arrives as `true`, `--no-flag` as `false`). */
export const bool = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

/** Any non-empty string. */
export const nonEmpty = (what: string) => z.string().min(1, `${what} must not be empty`);

/** One of `values`; the message lists them joined by `or`. */
export const oneOf = <const V extends readonly [string, ...string[]]>(values: V, message = `must be ${values.join(' or ')}`) => z.enum(values, { message });

/** A size in bytes such as `6G` or `512M` (see `parseByteSize`). */
export const byteSize = (what: string) =>
  nonEmpty(what).transform((s, ctx) => {
    try {
      return parseByteSize(s);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** `date` as it appears in default output folder names: `2026-01-02T03-04-05`. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
}
