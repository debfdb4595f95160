/**
 * The UI text catalogue: one flat JSON per language (vi first, en), shared by every app.
 * Keys are namespaced by app or feature (`login.*`, `shell.*`, `modeler.*`, `error.<CODE>`).
 */
import vi from './i18n/vi.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };

export const languages = ['vi', 'en'] as const;
export type Lang = (typeof languages)[number];

const catalogs: Record<Lang, Record<string, string>> = { vi, en };
const storageKey = 'motcua.lang';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function currentLang(): Lang {
  const stored = localStorage.getItem(storageKey);
  return isLang(stored) ? stored : 'vi';
}

/** Stores the choice and reloads, so every app (and bpmn-js) redraws in the new language. */
export function setLang(lang: Lang): void {
  localStorage.setItem(storageKey, lang);
  location.reload();
}

export function hasText(key: string): boolean {
  return key in catalogs[currentLang()];
}

/** The text for `key` in the current language, `{name}` placeholders filled from `params`. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogs[currentLang()][key] ?? catalogs.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Sets <html lang> so screen readers pronounce the page in its language. */
export function applyDocumentLang(): void {
  document.documentElement.lang = currentLang();
}
