/** Every command of the app, in `--help` order, and lookups by name. */
import { commandsHelp as listCommands, type OptionDoc } from '../define';
import { enqueueCommand } from './enqueue';
import { reportCommand } from './report';
import { scoreCommand } from './score';
import { TRAIN_COMMANDS } from './train';
import { viewCommand } from './view';
import { workerCommand } from './worker';

const COMMAND_LIST = [...TRAIN_COMMANDS, scoreCommand, reportCommand, viewCommand, enqueueCommand, workerCommand];

/** One of the app's commands: a protocol, `score`, `report`, `view`, `enqueue` or `worker`. */
export type Command = (typeof COMMAND_LIST)[number]['name'];

/** Every command's name. */
export const COMMANDS: readonly Command[] = COMMAND_LIST.map((c) => c.name);

/** True when `name` is one of {@link COMMANDS}. */
export function isCommand(name: string | undefined): name is Command {
  return (COMMANDS as readonly (string | undefined)[]).includes(name);
}

function commandNamed(name: Command): (typeof COMMAND_LIST)[number] {
  const command = COMMAND_LIST.find((c) => c.name === name);
  if (command === undefined) throw new Error(`unknown command '${name}'`);
  return command;
}

/** The options `--help` lists for a command. */
export function optionDocs(command: Command): OptionDoc[] {
  return commandNamed(command).docs();
}

/** `--help` text of a command: every option with its default. */
export function helpText(command: Command): string {
  return commandNamed(command).help();
}

/** Top-level `--help` text naming every command. */
export function commandsHelp(): string {
  return listCommands(COMMAND_LIST);
}
