/**
 * Entry point of `nx run experiments:<command>`: the paper's MISO, SIMO and MVTec-AD protocols, scoring
 * new images with a finished run, merging class folders into one report, viewing a run in the browser, and
 * the grid on a Redis job queue (`enqueue`, `worker`).
 */
import { initBackend, parseBackendName, type BackendName } from '@nln/models';
import { commandsHelp, helpText, isCommand } from './cli/commands';
import { parseEnqueueOptions, splitProtocolArg } from './cli/commands/enqueue';
import { parseReportOptions } from './cli/commands/report';
import { parseScoreOptions } from './cli/commands/score';
import { parseTrainOptions } from './cli/commands/train';
import { parseViewOptions } from './cli/commands/view';
import { parseWorkerOptions } from './cli/commands/worker';
import { parseArgs, UsageError } from './cli/parse-args';
import { acquireRunLock } from './output/run-lock';
import { kernelThreads } from './pipeline/kernel-threads';
import { runReport } from './pipeline/merge';
import { runMvtec } from './pipeline/run-mvtec';
import { runProtocol } from './pipeline/run-protocol';
import { createProgress } from './progress';
import { runEnqueue } from './queue/enqueue';
import { runGridWorker } from './queue/worker';
import { runScore } from './score/run-score';
import { runView } from './view/run-view';

function backendOption(value: string | undefined): BackendName | undefined {
  if (value === undefined) return undefined;
  try {
    return parseBackendName(value, '--backend');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Starts the backend. `threads` sets the native kernels' threads (see `kernelThreads`: miso and simo give
 * every job one, on a worker thread or not; mvtec every core; the queue worker sets them per job).
 */
async function startBackend(forced: BackendName | undefined, threads?: number): Promise<string> {
  return (await initBackend({ backend: forced, ...(threads === undefined ? {} : { threads }) })).name;
}

async function main(argv: readonly string[]): Promise<number> {
  const split = splitProtocolArg(argv);
  const args = parseArgs(split.argv);
  if (!isCommand(args.command)) {
    if (args.help) {
      process.stdout.write(commandsHelp());
      return 0;
    }
    throw new UsageError(`${args.command === undefined ? 'no command given' : `unknown command '${args.command}'`}\n${commandsHelp()}`);
  }
  const command = args.command;
  if (args.help) {
    process.stdout.write(helpText(command));
    return 0;
  }
  if (command === 'report') {
    const options = parseReportOptions(args.options);
    const release = await acquireRunLock(options.out, ['report', ...argv.slice(1)].join(' '));
    try {
      await runReport(options);
    } finally {
      await release();
    }
    return 0;
  }
  if (command === 'view') return runView(parseViewOptions(args.options));
  if (command === 'enqueue') {
    await runEnqueue(parseEnqueueOptions(split.protocol, args.options));
    return 0;
  }
  if (command === 'worker') {
    const options = parseWorkerOptions(args.options);
    const forced = backendOption(options.backend);
    await runGridWorker(options, () => startBackend(forced, 1));
    return 0;
  }
  if (command === 'score') {
    const options = parseScoreOptions(args.options);
    const forced = backendOption(options.backend);
    return runScore(options, await startBackend(forced));
  }
  const options = parseTrainOptions(command, args.options);
  const forced = backendOption(options.backend);
  const backend = await startBackend(forced, kernelThreads(command));
  const progress = createProgress();
  const release = await acquireRunLock(options.out, [command, ...argv.slice(1)].join(' '));
  try {
    progress.info(`${command} ${options.dataset}: models ${options.models.join(',')}, classes ${options.classes === 'all' ? 'all' : options.classes.join(',')}, profile ${options.profile}, out ${options.out}`);
    const started = Date.now();
    const runs =
      command === 'mvtec'
        ? await runMvtec(options, backend, progress)
        : await runProtocol(options, backend, progress);
    progress.info(`finished ${runs.length} class run(s) in ${((Date.now() - started) / 1000).toFixed(0)} s; report: ${options.out}/report.md`);
  } finally {
    progress.stop();
    await release();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.NLN_DEBUG && error instanceof Error) console.error(error.stack);
      process.exitCode = 1;
    }
  },
);

