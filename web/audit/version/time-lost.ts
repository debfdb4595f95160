/** "Where time is lost": the steps ranked by time over budget, each linking to its late dossiers. */
import { h } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { TimeLost } from '../api-types.ts';
import { formatDuration } from '../format.ts';

export function timeLostTable(lost: TimeLost): HTMLElement {
  const steps = [...lost.steps].sort((a, b) => b.overBudgetMs - a.overBudgetMs);
  if (!steps.length) return h('p', {}, t('audit.lost.none'));
  return h('table', { class: 'data' },
    h('caption', {}, t('audit.lost.caption')),
    h('thead', {}, h('tr', {}, ...['rank', 'step', 'over', 'late'].map((k) => h('th', { scope: 'col' }, t(`audit.lost.col.${k}`))))),
    h('tbody', {}, ...steps.map((s, i) => h('tr', {},
      h('td', {}, i + 1),
      h('th', { scope: 'row' }, s.name ?? s.elementId),
      h('td', {}, formatDuration(s.overBudgetMs)),
      h('td', {}, s.lateDossiers.length
        ? h('ul', { class: 'inline' }, ...s.lateDossiers.map((code) => h('li', {}, h('a', { href: `#/dossiers/${encodeURIComponent(code)}` }, code))))
        : '—')))));
}
