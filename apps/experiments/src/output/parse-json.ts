import type { z } from 'zod';

/**
 * Parses a JSON text and validates it with `schema`; errors name the file and, for a schema mismatch,
 * what it should have been (`what`) and the first three problems.
 */
export function parseJsonWith<S extends z.ZodType>(schema: S, text: string, file: string, what: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file}: not ${what} (${first.join('; ')})`);
  }
  return parsed.data;
}
