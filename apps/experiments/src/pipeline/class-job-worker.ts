/**
 * Entry point of a job worker thread ({@link runOnWorkers}): starts the backend the main thread chose, then
 * runs each job it is sent with {@link runJobRequest}, sending its progress lines and its class record back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, parseBackendName } from '@nln/models';
import { createProgress } from '../progress';
import { runJobRequest } from './run-job';
import type { JobRequest, WorkerReply, WorkerSetup } from './worker-messages';

const port = parentPort;
if (port === null) throw new Error('class-job-worker.ts is a worker thread entry; the experiments CLI starts it');
const setup = workerData as WorkerSetup;
const send = (reply: WorkerReply): void => port.postMessage(reply);
/** The main thread's backend; native kernels get one thread, since every core runs a job worker. */
const started = initBackend({ backend: parseBackendName(setup.backend, 'job worker backend'), threads: 1, log: () => undefined });
/** A reporter that prints plain lines (one per epoch, no bar) and no run ETA: the main thread knows the run. */
const lines = { isTTY: false } as NodeJS.WriteStream;

port.on('message', (request: JobRequest) => {
  const progress = createProgress(lines, (line) => send({ type: 'line', line }), { runEta: false });
  started
    .then((backend) => runJobRequest(request, backend.name, progress))
    .then(
      ({ record, seconds }) => send({ type: 'done', index: request.index, record, seconds }),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        send({ type: 'failed', index: request.index, message: e.message, stack: e.stack });
      },
    );
});
