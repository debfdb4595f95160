import { ErrorCode, MotcuaError } from '../errors.ts';

/**
 * A scenario that cannot be run at all (bad YAML, unknown key, missing BPMN file, unknown
 * process): `motcua test` exits 2 for it, unlike a scenario that ran and failed (exit 1).
 * Each problem reads `<key path>: <what is wrong>`, e.g. `steps[2].expect.tasks[0].asignee: unknown key`.
 */
export class ScenarioInputError extends MotcuaError {
  readonly file: string;
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(ErrorCode.InvalidInput, `${file}: ${problems.join('; ')}`);
    this.name = 'ScenarioInputError';
    this.file = file;
    this.problems = problems;
  }
}
