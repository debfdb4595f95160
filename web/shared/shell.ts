/**
 * The frame every signed-in app shares: skip link, header with the app name, the apps this
 * user may open, who is signed in, the language switch and sign-out; then the live region and
 * the app's <main>.
 */
import './base.css';
import { h, replace } from './dom.ts';
import { applyDocumentLang, currentLang, languages, setLang, t, type Lang } from './i18n.ts';
import { notificationRegion } from './notify.ts';
import { clearSession, requireSession, type Role, type Session } from './session.ts';

interface AppLink { href: string; key: string; roles: Role[] }

const appLinks: AppLink[] = [
  { href: '/modeler/', key: 'shell.app.modeler', roles: ['ANALYST'] },
  { href: '/tasks/', key: 'shell.app.tasks', roles: ['OFFICER'] },
  { href: '/audit/', key: 'shell.app.audit', roles: ['AUDITOR', 'ADMIN'] },
];

export interface ShellOptions {
  /** which app is open: its link is marked current */
  app: string;
  /** roles allowed in this app; others are sent to their own */
  roles: Role[];
  /** catalogue key of the page title */
  titleKey: string;
}

export interface Shell {
  session: Session;
  main: HTMLElement;
  /** extra controls for the header (e.g. the modeler's save state) */
  toolbar: HTMLElement;
}

export function languageSwitch(): HTMLElement {
  const select = h('select', { id: 'lang-switch', class: 'lang-switch' },
    ...languages.map((lang) => h('option', { value: lang, selected: lang === currentLang() }, t(`lang.${lang}`))));
  select.addEventListener('change', () => setLang(select.value as Lang));
  return h('div', { class: 'lang' }, h('label', { for: 'lang-switch' }, t('shell.language')), select);
}

/** Draws the frame; null when the user is being sent to the login page or to their own app. */
export function mountShell(options: ShellOptions): Shell | null {
  applyDocumentLang();
  const session = requireSession(options.roles);
  if (!session) return null;
  document.title = `${t(options.titleKey)} — motcua`;
  const nav = h('nav', { 'aria-label': t('shell.nav') },
    h('ul', {}, ...appLinks.filter((link) => link.roles.some((r) => session.roles.includes(r))).map((link) =>
      h('li', {}, h('a', { href: link.href, 'aria-current': link.href === `/${options.app}/` ? 'page' : null }, t(link.key))))));
  const signOut = h('button', { type: 'button', class: 'secondary' }, t('shell.signOut'));
  signOut.addEventListener('click', () => {
    clearSession();
    location.assign('/login/');
  });
  const toolbar = h('div', { class: 'shell-toolbar' });
  const header = h('header', { class: 'shell-header' },
    h('a', { class: 'brand', href: '/' + options.app + '/' }, 'motcua'),
    nav,
    toolbar,
    h('div', { class: 'who' }, h('span', { class: 'user' }, session.name), h('span', { class: 'agency' }, session.agency)),
    languageSwitch(),
    signOut);
  const main = h('main', { id: 'main', tabindex: '-1' });
  const root = document.getElementById('app') ?? document.body;
  replace(root,
    h('a', { class: 'skip-link', href: '#main' }, t('shell.skip')),
    header,
    notificationRegion(),
    main);
  return { session, main, toolbar };
}
