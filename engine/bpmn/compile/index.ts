/**
 * parse → validate → compile: a BPMN file (our Camunda 7 dialect) into the executable model
 * (engine/bpmn/model.ts). Validation reports every problem at once, each with a stable code and
 * the element concerned; the model is produced only when no problem is an error.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { CompiledDefinitions, ProcessModel } from '../model.ts';
import { childrenOf, textOf } from './element.ts';
import { ExpressionReader } from './expression-reader.ts';
import { omitUndefined } from './omit-undefined.ts';
import { parseBpmn, reportUnresolved } from './parse.ts';
import { compileProcess } from './process-compiler.ts';
import { formatProblem, hasErrors, ProblemCode, ProblemCollector, type ValidationProblem } from './problems.ts';

export { formatProblem, ProblemCode, type ValidationProblem } from './problems.ts';
export {
  BudgetUnit,
  camundaModdleDescriptor,
  createModdle,
  MOTCUA_NAMESPACE,
  MOTCUA_PREFIX,
  motcuaModdleDescriptor,
  type BpmnModdle,
  type ModdleElement,
} from './moddle.ts';

export interface CompileOptions {
  /** process keys already deployed (call activities may target them) */
  readonly isKnownProcess?: (key: string) => boolean;
}

export interface CompileResult {
  /** present only when no problem is an error */
  readonly definitions?: CompiledDefinitions;
  /** every problem found, errors and warnings, in document order (roughly) */
  readonly problems: readonly ValidationProblem[];
}

/** Never throws for a bad diagram: every problem is collected; definitions present only when there is no error-severity problem. */
export async function compileBpmn(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  const problems = new ProblemCollector();
  const parsed = await parseBpmn(xml, problems);
  if (parsed === undefined) return { problems: problems.problems };

  const root = parsed.definitions;
  const processElements = childrenOf(root, 'rootElements').filter((el) => el.$type === 'bpmn:Process');
  const executable = new Map(processElements.map((p) => [p.id ?? '', p.get('isExecutable') === true] as const));
  if (![...executable.values()].includes(true)) {
    problems.error(
      ProblemCode.NoExecutableProcess,
      { id: root.id, type: root.$type },
      processElements.length === 0
        ? 'the file contains no process: draw the procedure as a process'
        : `no process is executable (${[...executable.keys()].join(', ')}): mark the process to run as executable (isExecutable="true", "Executable" in the modeler)`,
    );
  }

  const processes: Record<string, ProcessModel> = {};
  const foreignExtensions = new Map<string, number>();
  for (const process of processElements) {
    const id = process.id ?? '';
    const scoped = executable.get(id) === true ? problems : problems.downgraded(`process ${id} is not executable, so this is only a warning`);
    processes[id] = compileProcess(process, {
      problems: scoped,
      expressions: new ExpressionReader(scoped),
      parsed,
      foreignExtensions,
      processes: executable,
      ...(options.isKnownProcess ? { isKnownProcess: options.isKnownProcess } : {}),
    });
  }
  reportUnresolved(parsed, problems);
  if (foreignExtensions.size > 0) {
    const list = [...foreignExtensions].map(([type, n]) => `<${type}> (${n}×)`).join(', ');
    problems.warning(ProblemCode.ParseWarning, { id: root.id, type: root.$type }, `extension elements of other tools are ignored: ${list}`);
  }

  if (hasErrors(problems.problems)) return { problems: problems.problems };
  const definitions: CompiledDefinitions = omitUndefined({
    id: root.id ?? '',
    targetNamespace: textOf(root, 'targetNamespace'),
    processes,
  });
  return { definitions, problems: problems.problems };
}

/**
 * Compiles or throws MotcuaError(BPMN_PARSE when the document cannot be read, else BPMN_INVALID):
 * its message lists every problem as `CODE Element_1 (bpmn:Type): message` (errors, then
 * warnings) and its `details` is the problem array.
 */
export async function compileOrThrow(xml: string, options: CompileOptions = {}): Promise<CompiledDefinitions> {
  return (await compileWithWarnings(xml, options)).definitions;
}

/** compileOrThrow, also handing back the warnings of a diagram that compiled (a deployment shows them). */
export async function compileWithWarnings(xml: string, options: CompileOptions = {}): Promise<{ definitions: CompiledDefinitions; warnings: ValidationProblem[] }> {
  const { definitions, problems } = await compileBpmn(xml, options);
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (definitions !== undefined) return { definitions, warnings };
  const errors = problems.filter((p) => p.severity === 'error');
  const code = errors.some((p) => p.code === ProblemCode.Parse) ? ErrorCode.BpmnParse : ErrorCode.BpmnInvalid;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `the BPMN diagram cannot be deployed: ${count(errors.length, 'error')}${warnings.length > 0 ? `, ${count(warnings.length, 'warning')}` : ''}`,
    ...errors.map(formatProblem),
    ...(warnings.length > 0 ? ['warnings:', ...warnings.map(formatProblem)] : []),
  ];
  const only = errors.length === 1 ? errors[0] : undefined;
  const subject = only?.elementId !== undefined ? { elementId: only.elementId, ...(only.elementType ? { elementType: only.elementType } : {}) } : {};
  throw new MotcuaError(code, lines.join('\n'), subject, problems);
}
