/** Where a command writes: the report to `out`, usage problems to `err`. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** One `motcua <name>` sub-command. */
export interface CliCommand {
  readonly name: string;
  /** one line for `motcua --help` */
  readonly summary: string;
  /** the full help of the command, for `motcua <name> --help` */
  readonly usage: string;
  /** runs with the arguments after the command name; resolves to the exit status */
  run(args: readonly string[], output: CliOutput): Promise<number>;
}

/** Exit statuses shared by every command. */
export const ExitStatus = {
  Ok: 0,
  /** the command ran and something it checked did not hold (a failed scenario) */
  Failed: 1,
  /** the input was unusable: bad arguments, unreadable or invalid files */
  Unusable: 2,
} as const;
