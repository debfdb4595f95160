/**
 * The citizens' lookup at /tra-cuu: the dossier code and the secret printed on slip 01 give the
 * status and the appointment date, with no login.
 */
import '../shared/base.css';
import './public.css';
import { api, ApiProblem, seg } from '../shared/api.ts';
import { h, replace } from '../shared/dom.ts';
import { applyDocumentLang, t } from '../shared/i18n.ts';
import { languageSwitch } from '../shared/shell.ts';
import { formatDate } from '../tasks/format.ts';

interface Lookup { code: string; procedureName: string; status: string; statusLabel: string; receivedAt?: string; dueAt?: string }

function render(): void {
  applyDocumentLang();
  document.title = `${t('public.title')} — motcua`;
  const params = new URLSearchParams(location.search);
  const code = h('input', { id: 'lookup-code', type: 'text', required: true, autocomplete: 'off', value: params.get('code') ?? '' });
  const secret = h('input', { id: 'lookup-secret', type: 'text', required: true, autocomplete: 'off' });
  const result = h('section', { class: 'lookup-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'lookup-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'lookup-code' }, t('public.code')), code),
    h('div', { class: 'field' }, h('label', { for: 'lookup-secret' }, t('public.secret')), secret),
    h('button', { type: 'submit' }, t('public.submit')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!code.value.trim() || !secret.value.trim()) {
      replace(result, h('p', { role: 'alert' }, t('public.missing')));
      return;
    }
    api.get<Lookup>(`/api/v1/public/dossiers/${seg(code.value.trim())}?secret=${encodeURIComponent(secret.value.trim())}`)
      .then((found) => replace(result,
        h('h2', {}, found.code),
        h('dl', { class: 'facts' },
          h('dt', {}, t('public.procedure')), h('dd', {}, found.procedureName),
          h('dt', {}, t('public.status')), h('dd', { class: 'status' }, found.statusLabel),
          h('dt', {}, t('public.received')), h('dd', {}, formatDate(found.receivedAt)),
          h('dt', {}, t('public.appointment')), h('dd', {}, formatDate(found.dueAt)))))
      .catch((err: unknown) => replace(result, h('p', { role: 'alert' },
        err instanceof ApiProblem && err.status === 404 ? t('public.notFound') : err instanceof ApiProblem && err.status === 429 ? t('public.tooMany') : String(err instanceof Error ? err.message : err))));
  });
  replace(document.getElementById('app') ?? document.body,
    h('header', { class: 'login-header' }, h('span', { class: 'brand' }, 'motcua'), languageSwitch()),
    h('main', { id: 'main', class: 'lookup-main' }, h('h1', {}, t('public.title')), h('p', { class: 'hint' }, t('public.intro')), form, result));
}

render();
