/**
 * The diagram of the dossier's version in a bpmn-js NavigatedViewer with the path taken: markers
 * on visited elements and flows, the current step, incidents; each visited element carries its
 * time against its budget as an overlay, and the same figures are in a table for screen readers.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer.js';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { DossierPath } from '../api-types.ts';
import { formatDate, formatDuration } from '../format.ts';

interface Canvas { addMarker(id: string, marker: string): void; zoom(level: string): void }
interface Overlays {
  add(id: string, overlay: { position: { bottom?: number; right?: number; top?: number; left?: number }; html: HTMLElement; scale?: boolean | { min?: number; max?: number } }): void;
}
interface Registry { get(id: string): { businessObject?: { name?: string } } | undefined }

/** Opens `xml` in a viewer inside `container`; resolves with its services. */
export async function openViewer(container: HTMLElement, xml: string): Promise<{ canvas: Canvas; overlays: Overlays; registry: Registry }> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get<Canvas>('canvas');
  canvas.zoom('fit-viewport');
  return { canvas, overlays: viewer.get<Overlays>('overlays'), registry: viewer.get<Registry>('elementRegistry') };
}

export async function renderPath(container: HTMLElement, tableHost: HTMLElement, xml: string, path: DossierPath): Promise<void> {
  const { canvas, overlays, registry } = await openViewer(container, xml);
  const present = (id: string) => registry.get(id) !== undefined;
  for (const flow of path.flows.filter(present)) canvas.addMarker(flow, 'path-flow');
  for (const element of path.elements.filter((e) => present(e.elementId))) {
    canvas.addMarker(element.elementId, element.overBudget ? 'path-over' : 'path-visited');
    if (element.durationMs !== undefined) {
      const text = element.budgetMs ? `${formatDuration(element.durationMs)} / ${formatDuration(element.budgetMs)}` : formatDuration(element.durationMs);
      overlays.add(element.elementId, { position: { bottom: 0, left: 0 }, html: h('span', { class: element.overBudget ? 'overlay over' : 'overlay' }, text) });
    }
  }
  for (const id of path.active.filter(present)) {
    canvas.addMarker(id, 'path-active');
    overlays.add(id, { position: { top: -22, left: 0 }, html: h('span', { class: 'overlay now' }, t('audit.path.now')) });
  }
  for (const incident of path.incidents.filter((i) => present(i.elementId))) {
    canvas.addMarker(incident.elementId, 'path-incident');
    overlays.add(incident.elementId, { position: { top: -22, right: 0 }, html: h('span', { class: 'overlay incident', title: incident.message }, '⚠') });
  }
  const nameOf = (id: string) => registry.get(id)?.businessObject?.name ?? id;
  replace(tableHost, h('table', { class: 'data' },
    h('caption', {}, t('audit.path.table')),
    h('thead', {}, h('tr', {}, ...['step', 'count', 'entered', 'left', 'duration', 'budget', 'state'].map((c) => h('th', { scope: 'col' }, t(`audit.path.col.${c}`))))),
    h('tbody', {}, ...path.elements.map((e) => h('tr', {},
      h('th', { scope: 'row' }, nameOf(e.elementId)),
      h('td', {}, e.count),
      h('td', {}, formatDate(e.enteredAt)),
      h('td', {}, formatDate(e.leftAt)),
      h('td', {}, formatDuration(e.durationMs)),
      h('td', {}, formatDuration(e.budgetMs)),
      h('td', {}, path.active.includes(e.elementId) ? t('audit.path.now') : e.overBudget ? t('audit.path.over') : t('audit.path.inBudget')))))));
}
