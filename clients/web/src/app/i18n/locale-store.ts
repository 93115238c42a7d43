/**
 * The chosen UI language: persisted in localStorage and readable outside React (the api client
 * words its own network errors in it).
 */
import { DEFAULT_LOCALE, isLocale, translatorFor, type Locale, type Translate } from './translate';

const STORAGE_KEY = 'yizhan.locale';

function readStored(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

let current: Locale = readStored();

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  current = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

/** A translator bound to whatever language is current when it is called. */
export const tCurrent: Translate = (key, params) => translatorFor(current)(key, params);
