import { z } from 'zod';

/** What a results set was run with, gathered from its class records: each list holds each value once, sorted. */
export const runSetupSchema = z.object({
  /** Profiles (`quick`, `paper`) the class runs were started with. */
  profiles: z.array(z.string()),
  /** Models, in the order first met. */
  models: z.array(z.string()),
  /** Training epochs. */
  epochs: z.array(z.number().int()),
  /** Training batch sizes. */
  batchSizes: z.array(z.number().int()),
  /** Fewest and most training images of a class run. */
  trainImages: z.object({ min: z.number().int(), max: z.number().int() }),
  /** Latent sizes L. */
  latentDims: z.array(z.number().int()),
  /** K values of the grids. */
  k: z.array(z.number().int()),
  /** Alpha values of the grids. */
  alpha: z.array(z.number()),
  /** Seeds. */
  seeds: z.array(z.number().int()),
  /** tfjs backends. */
  backends: z.array(z.string()),
  /** Number of class runs. */
  classRuns: z.number().int(),
  /** Sum of the class runs' wall seconds. */
  classSeconds: z.number().nonnegative(),
});

/** The setup of a results set ({@link runSetupSchema}). */
export type RunSetup = z.infer<typeof runSetupSchema>;
