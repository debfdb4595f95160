/**
 * The moddle instance that reads and writes our BPMN dialect: BPMN 2.0 + Camunda 7 extensions
 * (camunda-bpmn-moddle) + our own `motcua` extension (step budget, dossier status). The modeler,
 * the compiler and the tests share this one factory so they agree on the dialect.
 */
// @ts-ignore -- bpmn-moddle types only its element types (bpmn-moddle/types), not its entry point
import { BpmnModdle as BpmnModdleImpl } from 'bpmn-moddle';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import motcuaDescriptor from './motcua-moddle.json' with { type: 'json' };
import { declareAliasedNamespaces } from './namespace-aliases.ts';

export const MOTCUA_NAMESPACE = 'http://motcua.vn/schema/bpmn/1.0';
export const MOTCUA_PREFIX = 'motcua';
export const CAMUNDA_NAMESPACE = 'http://camunda.org/schema/1.0/bpmn';
export const BPMN_NAMESPACE = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** The `motcua` moddle descriptor, for bpmn-js (`moddleExtensions: { motcua: motcuaModdleDescriptor }`). */
export const motcuaModdleDescriptor = motcuaDescriptor;
/** The Camunda 7 moddle descriptor, as loaded here. */
export const camundaModdleDescriptor = camundaDescriptor;

/** Budget units of a step (DOMAIN.md §3.1); `WORKING_DAYS` when a budget has no unit. */
export const BudgetUnit = {
  WorkingDays: 'WORKING_DAYS',
  Days: 'DAYS',
  WorkingHours: 'WORKING_HOURS',
  SameDay: 'SAME_DAY',
} as const;
export type BudgetUnit = (typeof BudgetUnit)[keyof typeof BudgetUnit];

/**
 * A moddle element as the compiler reads it: its type, its parent and named properties read with
 * `get` (which knows defaults, e.g. `cancelActivity` = true). Only the members we use are typed.
 */
export interface ModdleElement {
  readonly $type: string;
  readonly $parent?: ModdleElement;
  /** attributes the descriptors do not know (foreign namespaces, xmlns declarations) */
  readonly $attrs: Readonly<Record<string, string>>;
  readonly id?: string;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  $instanceOf(type: string): boolean;
}

/** One warning of the XML reader. */
export interface ModdleWarning {
  readonly message: string;
  readonly element?: ModdleElement;
  readonly property?: string;
  readonly value?: string;
  readonly error?: Error;
}

export interface ModdleParseResult {
  readonly rootElement: ModdleElement;
  readonly warnings: readonly ModdleWarning[];
  readonly elementsById: Readonly<Record<string, ModdleElement>>;
  readonly references: readonly unknown[];
}

/** The part of bpmn-moddle's API we use. */
export interface BpmnModdle {
  fromXML(xml: string, options?: Record<string, unknown>): Promise<ModdleParseResult>;
  toXML(element: ModdleElement, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
  getPackages(): readonly { readonly prefix: string; readonly uri: string }[];
}

type BpmnModdleConstructor = new (packages: Record<string, unknown>, options?: Record<string, unknown>) => BpmnModdle;

/**
 * A new moddle instance for our dialect (instances are cheap; one per parse is fine). Its
 * `fromXML` also declares renamed foreign namespaces so that `toXML` can write them back (see
 * namespace-aliases.ts).
 */
export function createModdle(): BpmnModdle {
  const Impl = BpmnModdleImpl as BpmnModdleConstructor;
  // moddle rewrites the descriptors it registers: hand it copies, keep the exported ones pristine
  const moddle = new Impl({ camunda: structuredClone(camundaDescriptor), motcua: structuredClone(motcuaDescriptor) });
  const reserved = new Map(moddle.getPackages().map((p) => [p.prefix, p.uri] as const));
  const fromXML = moddle.fromXML.bind(moddle);
  moddle.fromXML = async (xml, options) => {
    const result = await fromXML(xml, options);
    declareAliasedNamespaces(result.rootElement, reserved);
    return result;
  };
  return moddle;
}
