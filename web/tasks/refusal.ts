/** Why an officer may not take an action, in the officer's language (the API's English reason when a code has no wording). */
import { hasText, t } from '../shared/i18n.ts';
import type { ActionOption } from './model.ts';

export function refusalText(option: ActionOption): string {
  const key = `tasks.refusal.${option.reasonCode ?? ''}`;
  return option.reasonCode && hasText(key) ? t(key, option.reasonParams ?? {}) : (option.reason ?? '');
}
