import { formatResult, formatSummary } from '../scenario/report.ts';
import { runScenarioFiles } from '../scenario/run-scenario-files.ts';
import { type CliCommand, ExitStatus } from './cli-command.ts';
import { Progress } from './progress.ts';
import { defaultScenarioExtensions } from './scenario-extensions.ts';

export const testCommand: CliCommand = {
  name: 'test',
  summary: 'run process scenarios (*.scenario.yaml / .yml / .json)',
  usage: [
    'usage: motcua test <file-or-folder>...',
    '',
    'Runs every scenario file given, and every *.scenario.yaml, *.scenario.yml and',
    '*.scenario.json under the folders given, each on a fresh in-memory engine.',
    'Prints one line per scenario and, last, "N passed, M failed"; when a run is',
    'quiet for 5 s, a progress line on stderr names the scenario running.',
    '',
    'exit status: 0 all passed, 1 a scenario failed, 2 unusable input',
    '             (bad YAML, unknown key, missing BPMN file, unknown process, …)',
  ].join('\n'),

  async run(args, output) {
    const options = args.filter((arg) => arg.startsWith('-'));
    if (options.length > 0) {
      output.err(`motcua test: unknown option ${options[0]}`);
      output.err(this.usage);
      return ExitStatus.Unusable;
    }
    if (args.length === 0) {
      output.err('motcua test: give at least one scenario file or folder');
      output.err(this.usage);
      return ExitStatus.Unusable;
    }
    const progress = new Progress(output);
    let results;
    try {
      results = await runScenarioFiles(args, {
        extensions: defaultScenarioExtensions(),
        onStart: (file, position, total) => progress.started(file, position, total),
        onResult: (result) => {
          progress.printed();
          formatResult(result).forEach((line) => output.out(line));
        },
      });
    } finally {
      progress.stop();
    }
    if (results.length === 0) {
      output.err(`motcua test: no scenario files (*.scenario.yaml, *.scenario.yml, *.scenario.json) in ${args.join(', ')}`);
      return ExitStatus.Unusable;
    }
    output.out(formatSummary(results));
    if (results.some((result) => result.problems)) return ExitStatus.Unusable;
    return results.every((result) => result.ok) ? ExitStatus.Ok : ExitStatus.Failed;
  },
};
