/**
 * A modal question in a native <dialog>: focus moves into it, Escape cancels, and the answer is
 * the id of the button pressed (null when cancelled).
 */
import { h } from './dom.ts';
import { t } from './i18n.ts';

export interface DialogAction { id: string; label: string; tone?: 'primary' | 'secondary' | 'warning' }

/**
 * `check`, when given, is asked before an action (not Cancel) closes the dialog: false keeps it
 * open, so the fields can say what is wrong beside them.
 */
export function ask(title: string, body: (string | Node)[], actions: DialogAction[], check?: (id: string) => boolean): Promise<string | null> {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      ...body.map((part) => (typeof part === 'string' ? h('p', {}, part) : part)));
    const buttons = h('div', { class: 'dialog-actions' });
    let answer: string | null = null;
    for (const action of [...actions, { id: '', label: t('dialog.cancel'), tone: 'secondary' as const }]) {
      const button = h('button', { type: 'button', class: action.tone === 'primary' || !action.tone ? '' : action.tone }, action.label);
      button.addEventListener('click', () => {
        if (action.id && check && !check(action.id)) return;
        answer = action.id || null;
        dialog.close();
      });
      buttons.appendChild(button);
    }
    dialog.appendChild(buttons);
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}
