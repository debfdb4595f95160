/**
 * Accessible tabs (WAI-ARIA tabs pattern): buttons in a tablist, arrow keys move between them,
 * one visible tabpanel.
 */
import { h } from '../../../web/shared/dom.ts';

export interface Tab { id: string; label: string; panel: HTMLElement }

export class Tabs {
  readonly element: HTMLElement;
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private readonly panels = new Map<string, HTMLElement>();

  constructor(label: string, tabs: Tab[], private readonly onSelect: (id: string) => void = () => undefined) {
    const list = h('div', { role: 'tablist', 'aria-label': label, class: 'tablist' });
    const panels = h('div', { class: 'tabpanels' });
    for (const tab of tabs) {
      const button = h('button', {
        type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `panel-${tab.id}`, 'aria-selected': 'false', tabindex: '-1',
      }, tab.label);
      button.addEventListener('click', () => this.select(tab.id));
      button.addEventListener('keydown', (event) => this.move(event, tabs, tab.id));
      const panel = h('div', { role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, hidden: true, class: 'tabpanel' }, tab.panel);
      this.buttons.set(tab.id, button);
      this.panels.set(tab.id, panel);
      list.appendChild(button);
      panels.appendChild(panel);
    }
    this.element = h('div', { class: 'tabs' }, list, panels);
    if (tabs[0]) this.select(tabs[0].id);
  }

  select(id: string, focus = false): void {
    for (const [tabId, button] of this.buttons) {
      const on = tabId === id;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      this.panels.get(tabId)!.hidden = !on;
      if (on && focus) button.focus();
    }
    this.onSelect(id);
  }

  private move(event: KeyboardEvent, tabs: Tab[], current: string): void {
    const index = tabs.findIndex((tab) => tab.id === current);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    this.select(tabs[(next + tabs.length) % tabs.length]!.id, true);
  }
}
