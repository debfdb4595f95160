/**
 * The dossier's timeline in plain Vietnamese (the server's wording): sequence number, time, who
 * and in which role, what happened; status and due-date changes stand out (class and a word).
 */
import { h } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { TimelineEvent } from '../api-types.ts';
import { formatDate } from '../format.ts';

export function timelineList(events: TimelineEvent[]): HTMLElement {
  return h('ol', { class: 'timeline' }, ...events.map((event) => h('li', { class: event.highlight ? 'event highlight' : 'event', id: `event-${event.seq}` },
    h('span', { class: 'seq' }, `#${event.seq}`),
    h('time', { datetime: event.at }, formatDate(event.at)),
    h('span', { class: 'who' }, [event.by, event.byRole].filter(Boolean).join(' — ')),
    h('span', { class: 'what' },
      event.highlight ? h('strong', { class: 'flag' }, `${t('audit.timeline.change')}: `) : null,
      event.text,
      event.dueAt ? ` (${t('audit.timeline.due', { due: formatDate(event.dueAt) })})` : null,
      event.reason ? ` — ${t('audit.timeline.reason', { reason: event.reason })}` : null))));
}
