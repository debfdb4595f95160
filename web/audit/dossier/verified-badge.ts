/**
 * The verified-history badge: the server re-checks the dossier's hash chain when the page opens;
 * the badge says "verified, N events" or "broken at event k" with what differs — in words, not
 * only in colour.
 */
import { h } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { Verification } from '../api-types.ts';

export function verifiedBadge(verification: Verification): HTMLElement {
  if (verification.ok) {
    return h('div', { class: 'badge badge-ok', role: 'status' },
      h('span', { 'aria-hidden': 'true' }, '✔ '), t('audit.badge.ok', { count: verification.count }));
  }
  return h('div', { class: 'badge badge-broken', role: 'alert' },
    h('strong', {}, h('span', { 'aria-hidden': 'true' }, '✖ '), t('audit.badge.broken', { seq: verification.brokenAt ?? '?', count: verification.count })),
    verification.problems.length ? h('ul', {}, ...verification.problems.map((p) => h('li', {}, p))) : null);
}
