/**
 * A chart and its data table in one figure: the canvas is an image named by the caption, and the
 * table (captioned the same) carries every number the chart draws, for screen readers and print.
 */
import { h } from '../../shared/dom.ts';

export function chartFigure(id: string, caption: string, table: HTMLTableElement): { figure: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': caption });
  table.prepend(h('caption', {}, caption));
  return { figure: h('figure', { class: 'chart' }, h('figcaption', { 'aria-hidden': 'true' }, caption), h('div', { class: 'chart-box' }, canvas), table), canvas };
}
