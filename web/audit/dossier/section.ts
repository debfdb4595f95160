/** A section of a screen filled when its own request answers; a failed one says so in place. */
import { ApiProblem } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';

export function section(id: string, title: string, ...head: HTMLElement[]): { root: HTMLElement; body: HTMLElement } {
  const body = h('div', { 'aria-busy': 'true' }, t('audit.loading'));
  return { root: h('section', { 'aria-labelledby': id, class: 'panel' }, h('h2', { id }, title), ...head, body), body };
}

export async function fill(body: HTMLElement, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    const message = err instanceof ApiProblem && err.status === 404 ? t('audit.unavailable') : err instanceof Error ? err.message : String(err);
    replace(body, h('p', { class: 'error' }, message));
  } finally {
    body.removeAttribute('aria-busy');
  }
}
