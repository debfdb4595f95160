/**
 * Receiving a dossier at the desk: the procedure from the catalog, the channel, the applicant
 * (checked as typed), the components the catalog requires, the fee; one dossier per form even
 * on a double click (Idempotency-Key), then its code, appointment and slip 01.
 */
import { api, ApiProblem, seg, withQuery } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { notifyError } from '../../shared/notify.ts';
import { formatDate, idempotencyKey } from '../format.ts';
import type { DossierDetail } from '../model.ts';
import { showSlipAfterReception } from './received.ts';

interface CatalogItem { code: string; name: string; version: number }
interface Way { channel: number; fee?: { amount: number; description?: string } }
interface CatalogRecord { components?: { name: string; required?: boolean }[]; ways?: Way[] }

const CHECKS: Record<string, { pattern: RegExp; message: string }> = {
  idNumber: { pattern: /^[0-9]{12}$/, message: 'tasks.desk.badId' },
  phone: { pattern: /^(\+84|0)[0-9]{9,10}$/, message: 'tasks.desk.badPhone' },
};

function field(id: string, label: string, input: HTMLElement, hint?: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, t(label)), input, hint);
}

export function showReception(main: HTMLElement): void {
  const key = idempotencyKey();
  const search = h('input', { id: 'desk-search', type: 'search', autocomplete: 'off' });
  const procedure = h('select', { id: 'desk-procedure', required: true }, h('option', { value: '' }, t('tasks.desk.pick')));
  const channel = h('select', { id: 'desk-channel' }, ...[1, 2, 3].map((c) => h('option', { value: c }, t(`tasks.channel.${c}`))));
  const inputs = {
    name: h('input', { id: 'desk-name', type: 'text', required: true, autocomplete: 'off' }),
    idNumber: h('input', { id: 'desk-idNumber', type: 'text', inputmode: 'numeric', maxlength: 12, autocomplete: 'off', 'aria-describedby': 'desk-idNumber-msg' }),
    phone: h('input', { id: 'desk-phone', type: 'tel', autocomplete: 'off', 'aria-describedby': 'desk-phone-msg' }),
    address: h('input', { id: 'desk-address', type: 'text', autocomplete: 'off', 'aria-describedby': 'desk-address-msg' }),
  };
  const messages = Object.fromEntries(Object.keys(inputs).map((k) => [k, h('p', { id: `desk-${k}-msg`, class: 'field-msg', 'aria-live': 'polite' })]));
  const components = h('fieldset', { class: 'components' }, h('legend', {}, t('tasks.desk.components')), h('p', {}, t('tasks.desk.pickFirst')));
  const fee = h('p', { class: 'fee', 'aria-live': 'polite' });
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit' }, t('tasks.desk.submit'));
  let record: CatalogRecord | undefined;

  const check = (name: keyof typeof inputs): boolean => {
    const value = inputs[name].value.trim();
    const rule = CHECKS[name];
    const bad = name === 'name' ? !value : name === 'address' ? value.length > 500 : Boolean(value && rule && !rule.pattern.test(value));
    inputs[name].setAttribute('aria-invalid', bad ? 'true' : 'false');
    messages[name]!.textContent = bad ? t(rule?.message ?? `tasks.desk.bad.${name}`) : '';
    return !bad;
  };
  for (const name of Object.keys(inputs) as (keyof typeof inputs)[]) inputs[name].addEventListener('input', () => check(name));

  const showFee = () => {
    const way = record?.ways?.find((w) => w.channel === Number(channel.value));
    fee.textContent = way?.fee ? t('tasks.desk.fee', { amount: way.fee.amount.toLocaleString('vi-VN'), note: way.fee.description ?? '' }) : t('tasks.desk.noFee');
  };
  channel.addEventListener('change', showFee);

  const findProcedures = async () => {
    const page = await api.get<{ items: CatalogItem[] }>(withQuery('/api/v1/procedures', { q: search.value.trim(), limit: 30 }));
    // a late answer must not drop the procedure already picked
    const picked = procedure.value;
    replace(procedure, h('option', { value: '' }, t('tasks.desk.pick')), ...page.items.map((p) => h('option', { value: p.code, selected: p.code === picked }, `${p.code} — ${p.name}`)));
  };
  let searching: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => { clearTimeout(searching); searching = setTimeout(() => findProcedures().catch(notifyError), 250); });

  procedure.addEventListener('change', () => {
    if (!procedure.value) return;
    api.get<{ record: CatalogRecord }>(`/api/v1/procedures/${seg(procedure.value)}`).then((answer) => {
      record = answer.record;
      replace(components, h('legend', {}, t('tasks.desk.components')), ...(record.components ?? []).map((c, i) =>
        h('div', { class: 'check' }, h('input', { type: 'checkbox', id: `desk-comp-${i}`, value: c.name, checked: c.required === true }),
          h('label', { for: `desk-comp-${i}` }, c.name, c.required ? ` (${t('tasks.desk.required')})` : ''))));
      showFee();
    }).catch(notifyError);
  });

  const form = h('form', { class: 'desk-form', novalidate: true },
    summary,
    h('fieldset', {}, h('legend', {}, t('tasks.desk.procedure')),
      field('desk-search', 'tasks.desk.search', search),
      field('desk-procedure', 'tasks.desk.procedureField', procedure),
      field('desk-channel', 'tasks.desk.channel', channel)),
    h('fieldset', {}, h('legend', {}, t('tasks.desk.applicant')),
      ...(Object.keys(inputs) as (keyof typeof inputs)[]).map((k) => field(`desk-${k}`, `tasks.desk.${k}`, inputs[k], messages[k]))),
    components,
    fee,
    submit);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const ok = (Object.keys(inputs) as (keyof typeof inputs)[]).map(check).every(Boolean);
    if (!ok || !procedure.value) {
      replace(summary, h('h2', {}, t('tasks.desk.fix')), h('p', {}, procedure.value ? t('tasks.desk.fixFields') : t('tasks.desk.pickFirst')));
      summary.hidden = false;
      summary.focus();
      return;
    }
    const applicant: Record<string, string> = { name: inputs.name.value.trim() };
    for (const k of ['idNumber', 'phone', 'address'] as const) if (inputs[k].value.trim()) applicant[k] = inputs[k].value.trim();
    const ticked = [...components.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((box) => ({ name: box.value }));
    submit.disabled = true;
    api.post<DossierDetail>('/api/v1/dossiers', { procedureCode: procedure.value, channel: Number(channel.value), applicant, components: ticked }, { headers: { 'idempotency-key': key } })
      .then((dossier) => showSlipAfterReception(main, dossier))
      .catch((err: unknown) => {
        submit.disabled = false;
        if (err instanceof ApiProblem && err.field) {
          replace(summary, h('h2', {}, t('tasks.desk.fix')), h('p', {}, `${err.field}: ${err.message}`));
          summary.hidden = false;
          summary.focus();
        } else notifyError(err);
      });
  });

  replace(main, h('h1', {}, t('tasks.desk.title')), h('p', { class: 'hint' }, t('tasks.desk.today', { now: formatDate(new Date().toISOString()) })), form);
  findProcedures().catch(notifyError);
}
