import { availableParallelism } from 'node:os';
import type { Protocol } from '../vocabulary';

/**
 * Threads of the native kernels (`aten`) a protocol's jobs run with, wherever they run (the local command or
 * a queue worker): one per miso/simo job, so that its figures do not depend on `--workers` (ATen's sums
 * depend on how many threads share them); every core of the machine for mvtec, whose jobs run one at a time.
 */
export function kernelThreads(protocol: Protocol, cores = availableParallelism()): number {
  return protocol === 'mvtec' ? cores : 1;
}
