/**
 * One dossier for an auditor (deep link `#/dossiers/<code>`): its facts, the verified-history
 * badge and export, the timeline, the path on the diagram, slip 06. Read-only.
 */
import { api, seg } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { notifyError } from '../../shared/notify.ts';
import type { DossierDetail, DossierPath, TimelineEvent, Verification } from '../api-types.ts';
import { downloadButton } from '../exports/download.ts';
import { formatDate } from '../format.ts';
import { versionHref } from '../version/heatmap-view.ts';
import { renderPath } from './path-diagram.ts';
import { fill, section } from './section.ts';
import { timelineList } from './timeline-view.ts';
import { verifiedBadge } from './verified-badge.ts';

/** Opens slip 06 (an HTML page of the API) in a new tab, fetched with the bearer token. */
async function openSlip(href: string): Promise<void> {
  const html = await api.get<string>(href, { as: 'text' });
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function facts(d: DossierDetail): HTMLElement {
  const rows: [string, string][] = [
    ['procedure', `${d.procedure.code} — ${d.procedure.name} (v${d.procedure.version})`],
    ['applicant', d.applicant?.name ?? '—'],
    ['status', d.statusLabel],
    ['received', formatDate(d.receivedAt)],
    ['due', formatDate(d.dueAt)],
    ['finished', formatDate(d.finishedAt)],
    ['result', d.result ? t(`audit.result.${d.result}`) : '—'],
  ];
  return h('dl', { class: 'facts' }, ...rows.flatMap(([key, value]) => [h('dt', {}, t(`audit.col.${key}`)), h('dd', {}, value)]));
}

export async function renderDossier(main: HTMLElement, code: string): Promise<void> {
  replace(main, h('p', { 'aria-busy': 'true' }, t('audit.loading')));
  let dossier: DossierDetail;
  try {
    dossier = await api.get<DossierDetail>(`/api/v1/dossiers/${seg(code)}`);
  } catch (err) {
    replace(main, h('h1', {}, code), h('p', {}, h('a', { href: '#/' }, t('audit.back'))));
    notifyError(err);
    return;
  }
  const base = `/api/v1/dossiers/${seg(code)}`;
  const slip = dossier.slips.find((s) => s.form === '06');
  const slipButton = h('button', { type: 'button', class: 'secondary' }, t('audit.dossier.slip06'));
  slipButton.addEventListener('click', () => { openSlip(slip?.href ?? `${base}/slips/06`).catch(notifyError); });
  const history = section('sec-history', t('audit.dossier.history'),
    downloadButton(t('audit.dossier.export'), () => `${base}/history/export`, `lich-su-${code}.json`));
  const timeline = section('sec-timeline', t('audit.dossier.timeline'));
  const canvas = h('div', { class: 'diagram', role: 'region', 'aria-label': t('audit.path.diagram') });
  const pathTable = h('div', {});
  const path = section('sec-path', t('audit.dossier.path'),
    h('ul', { class: 'legend' },
      h('li', {}, h('span', { class: 'swatch path-visited' }), t('audit.path.visited')),
      h('li', {}, h('span', { class: 'swatch path-over' }), t('audit.path.over')),
      h('li', {}, h('span', { class: 'swatch path-active' }), t('audit.path.now')),
      h('li', {}, h('a', { href: versionHref(dossier.procedure.code, dossier.procedure.version) }, t('audit.dossier.heatmap')))));
  replace(path.body, canvas, pathTable);
  replace(main,
    h('p', {}, h('a', { href: '#/' }, t('audit.back'))),
    h('h1', {}, t('audit.dossier.title', { code })),
    facts(dossier),
    h('div', { class: 'actions' }, slipButton),
    history.root, timeline.root, path.root);
  await Promise.all([
    fill(history.body, async () => {
      const { verification } = await api.get<{ verification: Verification }>(`${base}/history`);
      replace(history.body, verifiedBadge(verification));
    }),
    fill(timeline.body, async () => {
      const { events } = await api.get<{ events: TimelineEvent[] }>(`${base}/timeline`);
      replace(timeline.body, timelineList(events));
    }),
    fill(path.body, async () => {
      const [taken, version] = await Promise.all([
        api.get<DossierPath>(`${base}/path`),
        api.get<{ xml: string }>(`/api/v1/procedures/${seg(dossier.procedure.code)}/versions/${dossier.procedure.version}`),
      ]);
      await renderPath(canvas, pathTable, version.xml, taken);
    }),
  ]);
}
