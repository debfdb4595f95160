/**
 * Fixture access and problem assertions shared by the compile tests. Fixtures are small diagrams
 * with modeler-default ids (StartEvent_1, Activity_1, Gateway_1, Flow_1) and DI, so each opens in
 * a modeler and a test reads like the diagram.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileBpmn, type CompileOptions, type CompileResult, type ValidationProblem } from '../../../engine/bpmn/compile/index.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES_DIR}${name}`, 'utf8');
}

export function compileFixture(name: string, options?: CompileOptions): Promise<CompileResult> {
  return compileBpmn(fixture(name), options);
}

/** the one problem with this code on this element; fails with the full problem list otherwise */
export function expectProblem(
  problems: readonly ValidationProblem[],
  code: string,
  elementId: string | undefined,
  severity: 'error' | 'warning' = 'error',
): ValidationProblem {
  const found = problems.filter((p) => p.code === code && p.elementId === elementId);
  expect(found, `${code} on ${elementId ?? '(no element)'} in:\n${listProblems(problems)}`).to.have.length.greaterThan(0);
  expect(found[0]!.severity, `severity of ${code} on ${elementId}`).to.equal(severity);
  return found[0]!;
}

export function expectNoProblem(problems: readonly ValidationProblem[], code: string, elementId?: string): void {
  const found = problems.filter((p) => p.code === code && (elementId === undefined || p.elementId === elementId));
  expect(found, `no ${code} on ${elementId ?? 'any element'} in:\n${listProblems(problems)}`).to.deep.equal([]);
}

export function errorsOf(problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.filter((p) => p.severity === 'error');
}

function listProblems(problems: readonly ValidationProblem[]): string {
  return problems.map((p) => `  [${p.severity}] ${p.code} ${p.elementId ?? '-'}: ${p.message}`).join('\n') || '  (none)';
}

/** a one-process diagram (Process_1, executable) around `body`, for small cases not worth a fixture */
export function inlineDiagram(body: string, roots = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:motcua="http://motcua.vn/schema/bpmn/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_1" isExecutable="true">
${body}
  </bpmn:process>
${roots}
</bpmn:definitions>`;
}
