/** `motcua verify <file>`: re-check an exported dossier history offline, with the stores' chain recipe. */
import { readFile } from 'node:fs/promises';
import { verifyHistoryExport } from '../procedure/audit/history-export.ts';
import { type CliCommand, ExitStatus } from './cli-command.ts';

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'check the hash chain of an exported dossier history (GET /api/v1/dossiers/{code}/history/export)',
  usage: [
    'usage: motcua verify <file>',
    '',
    'Re-computes every event\'s hash of a history export and checks each links to the one before.',
    'Exit 0 and "verified N events" when the chain holds; exit 1 naming the first event that does not',
    'and what differs; exit 2 when the file cannot be read.',
  ].join('\n'),
  async run(args, output) {
    if (args.length !== 1) {
      output.err('motcua verify: give one file: motcua verify <file>');
      return ExitStatus.Unusable;
    }
    let file: unknown;
    try {
      file = JSON.parse(await readFile(args[0]!, 'utf8'));
    } catch (error) {
      output.err(`motcua verify: cannot read ${args[0]}: ${error instanceof Error ? error.message : String(error)}`);
      return ExitStatus.Unusable;
    }
    const result = verifyHistoryExport(file);
    if (result.ok) {
      output.out(`verified ${result.count} events`);
      return ExitStatus.Ok;
    }
    output.out(`broken at event ${result.brokenAt ?? '?'} of ${result.count}`);
    for (const problem of result.problems) output.out(`  ${problem}`);
    return ExitStatus.Failed;
  },
};
