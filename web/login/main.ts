/**
 * The one login page of every app: asks for the user name and password, keeps the token for
 * this browser tab, then opens the `next` screen or the app of the user's role.
 */
import '../shared/base.css';
import './login.css';
import { api, ApiProblem } from '../shared/api.ts';
import { h, replace } from '../shared/dom.ts';
import { applyDocumentLang, t } from '../shared/i18n.ts';
import { homeFor, safeNext, saveToken } from '../shared/session.ts';
import { languageSwitch } from '../shared/shell.ts';

interface TokenAnswer { access_token: string; token_type: string; expires_in: number }

function render(): void {
  applyDocumentLang();
  document.title = `${t('login.title')} — motcua`;
  const params = new URLSearchParams(location.search);
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const username = h('input', { id: 'username', name: 'username', type: 'text', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, t('login.submit'));
  const form = h('form', { class: 'login-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'username' }, t('login.username')), username),
    h('div', { class: 'field' }, h('label', { for: 'password' }, t('login.password')), password),
    submit);

  const showError = (message: string): void => {
    replace(summary, h('h2', {}, t('login.errorTitle')), h('p', {}, message));
    summary.hidden = false;
    summary.focus();
  };
  if (params.get('reason') === 'expired') {
    replace(summary, h('p', {}, t('login.expired')));
    summary.hidden = false;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      showError(t('login.missing'));
      return;
    }
    submit.disabled = true;
    api.post<TokenAnswer>('/api/v1/auth/token', { username: username.value.trim(), password: password.value })
      .then((answer) => {
        const session = saveToken(answer.access_token);
        if (!session) throw new Error(t('login.badToken'));
        location.assign(safeNext(params.get('next')) ?? homeFor(session.roles));
      })
      .catch((err: unknown) => {
        submit.disabled = false;
        showError(err instanceof ApiProblem && err.status === 401 ? t('login.wrong') : err instanceof Error ? err.message : String(err));
      });
  });

  replace(document.getElementById('app') ?? document.body,
    h('header', { class: 'login-header' }, h('span', { class: 'brand' }, 'motcua'), languageSwitch()),
    h('main', { id: 'main', class: 'login-main' },
      h('h1', {}, t('login.title')),
      h('p', { class: 'hint' }, t('login.intro')),
      summary,
      form));
}

render();
