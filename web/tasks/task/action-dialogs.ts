/** The dossier actions that need words from the officer (what is missing, a reason), asked in a dialog; the extension has its own. */
import { ask } from '../../shared/dialog.ts';
import { h } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { DossierDetail } from '../model.ts';
import { askExtension } from './extend-dialog.ts';

interface Field { key: string; label: string; lines?: boolean; required?: boolean }

const FIELDS: Record<string, Field[]> = {
  'supplement-request': [
    { key: 'missing', label: 'tasks.action.missing', lines: true, required: true },
    { key: 'reason', label: 'tasks.action.reason', required: true },
  ],
  refuse: [{ key: 'reason', label: 'tasks.action.reason', required: true }],
  stop: [{ key: 'reason', label: 'tasks.action.reason', required: true }],
  withdraw: [{ key: 'reason', label: 'tasks.action.reason' }],
};

/** The body for the action, or null when cancelled; actions without words answer `{}` at once. */
export async function askActionBody(action: string, dossier: DossierDetail): Promise<Record<string, unknown> | null> {
  if (action === 'extend') return askExtension(dossier);
  const fields = FIELDS[action];
  if (!fields) return {};
  const inputs = fields.map((field) => {
    const id = `action-${field.key}`;
    const input = h('textarea', { id, rows: 3, required: field.required });
    return { field, input, node: h('div', { class: 'field' }, h('label', { for: id }, t(field.label)), input) };
  });
  const answer = await ask(t(`tasks.action.${action}`), [t(`tasks.action.${action}.hint`), ...inputs.map((i) => i.node)], [{ id: 'ok', label: t(`tasks.action.${action}`) }]);
  if (answer !== 'ok') return null;
  const body: Record<string, unknown> = {};
  for (const { field, input } of inputs) {
    const value = input.value.trim();
    if (!value) continue;
    body[field.key] = field.lines ? value.split('\n').map((line) => line.trim()).filter(Boolean) : value;
  }
  return body;
}

/** The slip each action issues, opened to print once it is done. */
export const SLIP_OF: Readonly<Record<string, string>> = { 'supplement-request': '02', refuse: '03', extend: '04', stop: '05' };
