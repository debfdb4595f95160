/** The due state as a badge: colour and words, both from the server's working calendar. */
import { h } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import type { DueState } from './model.ts';

export function dueBadge(state: DueState | undefined, remaining: number | undefined): HTMLElement {
  const s = state ?? 'NONE';
  const days = remaining === undefined || s === 'NONE' ? '' : ` · ${t('tasks.due.days', { n: remaining })}`;
  return h('span', { class: `due due-${s.toLowerCase()}` }, t(`tasks.due.${s}`) + days);
}
