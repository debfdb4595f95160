/**
 * Marks on diagram elements, grouped by purpose ('problems', 'scenario', 'budget', 'diff') so
 * one feature clears its own marks without touching another's. Each mark is a CSS marker on
 * the shape plus a small labelled badge (never colour alone).
 */
import { h } from '../../../web/shared/dom.ts';

interface Overlays {
  add(elementId: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface Canvas { addMarker(id: string, marker: string): void; removeMarker(id: string, marker: string): void }
interface Registry { get(id: string): unknown }
export interface DiagramServices { get<T = unknown>(name: string): T }

export class ElementMarks {
  private readonly marked = new Map<string, Set<string>>();

  constructor(private readonly diagram: DiagramServices, private readonly purpose: string) {}

  /** Puts `marker` on the element and a badge with `label` (its full text in `title`). */
  mark(elementId: string, marker: string, label?: string, title?: string): boolean {
    if (!this.diagram.get<Registry>('elementRegistry').get(elementId)) return false;
    this.diagram.get<Canvas>('canvas').addMarker(elementId, marker);
    const markers = this.marked.get(elementId) ?? new Set<string>();
    markers.add(marker);
    this.marked.set(elementId, markers);
    if (label !== undefined) {
      const badge = h('span', { class: `mark-badge ${marker}`, title: title ?? label }, label);
      this.diagram.get<Overlays>('overlays').add(elementId, this.purpose, { position: { top: -12, right: 12 }, html: badge });
    }
    return true;
  }

  clear(): void {
    const canvas = this.diagram.get<Canvas>('canvas');
    for (const [elementId, markers] of this.marked) {
      if (!this.diagram.get<Registry>('elementRegistry').get(elementId)) continue;
      for (const marker of markers) canvas.removeMarker(elementId, marker);
    }
    this.marked.clear();
    this.diagram.get<Overlays>('overlays').remove({ type: this.purpose });
  }
}

/** Selects an element and scrolls it into view (from a problem list, a scenario path…). */
export function revealElement(diagram: DiagramServices, elementId: string): void {
  const element = diagram.get<Registry>('elementRegistry').get(elementId);
  if (!element) return;
  diagram.get<{ select(el: unknown): void }>('selection').select(element);
  diagram.get<{ scrollToElement(el: unknown): void }>('canvas').scrollToElement(element);
}
