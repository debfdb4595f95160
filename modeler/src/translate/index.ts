/**
 * bpmn-js's translate service fed from the shared catalogue: a bpmn-js text `X` is looked up
 * under the key `bpmn:X`; a text the catalogue lacks stays in English.
 */
import { hasText, t } from '../../../web/shared/i18n.ts';

export function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = hasText(`bpmn:${template}`) ? t(`bpmn:${template}`) : template;
  return text.replace(/\{([^}]+)\}/g, (whole, key: string) => replacements[key] ?? whole);
}

export const translateModule = { translate: ['value', translate] };
