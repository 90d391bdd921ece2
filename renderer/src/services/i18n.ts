import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Messages } from './locales/en';
import { zhCN } from './locales/zh-CN';
import { readString, writeString } from './storage';
import type { UiError } from './ui-error';

export const languages = ['en', 'zh-CN'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'ringside:lang';

export function isLanguage(value: string | null): value is Language {
  return value !== null && (languages as readonly string[]).includes(value);
}

/** The saved choice, else the browser's preference (any Chinese variant → zh-CN), else English. */
function initialLanguage(): Language {
  const saved = readString('local', storageKey);
  if (isLanguage(saved)) return saved;
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function initI18n(): void {
  const lng = initialLanguage();
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng,
    fallbackLng: 'en',
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = lng;
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

export function setLanguage(lang: Language): void {
  void i18n.changeLanguage(lang);
  writeString('local', storageKey, lang);
  document.documentElement.lang = lang;
}

function lookup(path: string): string | null {
  for (const lng of [i18n.language, 'en']) {
    const found: unknown = i18n.getResource(lng, 'translation', path);
    if (typeof found === 'string') return found;
  }
  return null;
}

/** Translates a value the server sends as free text (order status, phone label…), falling back to the value. */
export function enumLabel(group: keyof Messages['enums'], value: string): string {
  return lookup(`enums.${group}.${value}`) ?? value;
}

/** A not-ready reason: the known ones are translated, free-text reasons are shown as typed. */
export function reasonLabel(reason: string): string {
  return lookup(`reasons.${reason}`) ?? reason;
}

/** The readable, translated text for an error code. */
export function errorText(error: UiError): string {
  return i18n.t(`errors.${error.code}`);
}

export { i18n };
