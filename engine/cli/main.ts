/**
 * The `motcua` command line. Sub-commands live in a table, one file each, so a new one (deploy,
 * migrate, …) is one entry more; `bin/motcua.js` runs this through tsx.
 */
import { readFileSync } from 'node:fs';
import { calendarCommand } from './calendar-command.ts';
import { type CliCommand, type CliOutput, ExitStatus } from './cli-command.ts';
import { testCommand } from './test-command.ts';
import { verifyCommand } from './verify-command.ts';

const COMMANDS: readonly CliCommand[] = [testCommand, calendarCommand, verifyCommand];

const processOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'usage: motcua <command> [arguments]',
    '',
    'commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'motcua <command> --help shows the help of a command; motcua --version the version.',
  ].join('\n');
}

/** `motcua <version>`, from the package.json the CLI ships in. */
export function versionLine(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `motcua ${pkg.version}`;
}

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h' || arg === 'help';

/** Runs the command line `argv` (without `node` and the script); resolves to the exit status. */
export async function main(argv: string[], output: CliOutput = processOutput): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    output.err(help());
    return ExitStatus.Unusable;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    output.out(versionLine());
    return ExitStatus.Ok;
  }
  if (isHelp(name)) {
    const topic = COMMANDS.find((command) => command.name === args[0]);
    output.out(topic ? topic.usage : help());
    return ExitStatus.Ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    output.err(`motcua: unknown command ${name}`);
    output.err(help());
    return ExitStatus.Unusable;
  }
  if (args.some((arg) => arg === '--help' || arg === '-h')) {
    output.out(command.usage);
    return ExitStatus.Ok;
  }
  return command.run(args, output);
}
