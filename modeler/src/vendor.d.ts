// Declarations for the bpmn-io packages that ship no types: only what the modeler uses.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: Record<string, unknown>;
  export const BpmnPropertiesProviderModule: Record<string, unknown>;
  export const CamundaPlatformPropertiesProviderModule: Record<string, unknown>;
  export function useService<T = any>(name: string, strict?: boolean): T;
}
declare module '@bpmn-io/properties-panel' {
  export const SelectEntry: any;
  export const NumberFieldEntry: any;
  export const TextFieldEntry: any;
  export function isSelectEntryEdited(node: unknown): boolean;
  export function isNumberFieldEntryEdited(node: unknown): boolean;
  export function isTextFieldEntryEdited(node: unknown): boolean;
}
declare module '@bpmn-io/properties-panel/preact' {
  export function h(type: any, props?: Record<string, unknown> | null, ...children: unknown[]): any;
}
declare module '@bpmn-io/properties-panel/preact/hooks' {
  export function useEffect(effect: () => void | (() => void), deps?: unknown[]): void;
  export function useState<T>(initial: T): [T, (value: T) => void];
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-platform/index.js' {
  const module: Record<string, unknown>;
  export default module;
}
declare module 'bpmn-js-token-simulation/lib/modeler.js' {
  const module: Record<string, unknown>;
  export default module;
}
declare module 'bpmn-js-bpmnlint' {
  const module: Record<string, unknown>;
  export default module;
}
declare module 'bpmn-js-differ' {
  export interface Diff {
    _added: Record<string, unknown>;
    _removed: Record<string, unknown>;
    _changed: Record<string, { model: { $type: string; name?: string }; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
    _layoutChanged: Record<string, unknown>;
  }
  export function diff(a: unknown, b: unknown): Diff;
}
declare module 'bpmnlint/rules/*' {
  const rule: (config?: unknown) => unknown;
  export default rule;
}
