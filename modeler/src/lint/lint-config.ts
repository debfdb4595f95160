/**
 * bpmnlint's configuration built by hand (no bundler plugin): the rules that catch drawing
 * mistakes early, each bundled statically so the browser never loads a rule at run time.
 * The engine's own validation (the server) stays the authority; these are hints while drawing.
 */
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';

const rules: Record<string, unknown> = {
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  'label-required': labelRequired,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-implicit-split': noImplicitSplit,
  'single-blank-start-event': singleBlankStartEvent,
  'start-event-required': startEventRequired,
  'superfluous-gateway': superfluousGateway,
};

const severity: Record<string, 'error' | 'warn'> = {
  'conditional-flows': 'error',
  'end-event-required': 'error',
  'event-sub-process-typed-start-event': 'error',
  'fake-join': 'warn',
  'label-required': 'warn',
  'no-complex-gateway': 'error',
  'no-disconnected': 'error',
  'no-duplicate-sequence-flows': 'error',
  'no-implicit-split': 'warn',
  'single-blank-start-event': 'error',
  'start-event-required': 'error',
  'superfluous-gateway': 'warn',
};

export const lintConfig = {
  config: { rules: Object.fromEntries(Object.keys(rules).map((name) => [`bpmnlint/${name}`, severity[name]])) },
  resolver: {
    resolveRule(pkg: string, ruleName: string): unknown {
      const rule = pkg === 'bpmnlint' ? rules[ruleName] : undefined;
      if (!rule) throw new Error(`unknown lint rule ${pkg}/${ruleName}`);
      return rule;
    },
    resolveConfig(pkg: string, configName: string): never {
      throw new Error(`no lint config ${pkg}/${configName} is bundled`);
    },
  },
};
