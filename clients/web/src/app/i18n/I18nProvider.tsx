import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { getLocale, setLocale as persistLocale } from './locale-store';
import { translatorFor, type Locale, type Translate } from './translate';

interface I18nContextValue {
  locale: Locale;
  t: Translate;
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18nContextValue | null>(null);

const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

function applyLocale(locale: Locale, t: Translate) {
  dayjs.locale(DAYJS_LOCALE[locale]);
  document.documentElement.lang = locale;
  document.title = t('app.title');
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(getLocale);
  const t = useMemo(() => translatorFor(locale), [locale]);
  // Set synchronously so the first render already formats dates in the right language.
  dayjs.locale(DAYJS_LOCALE[locale]);
  useEffect(() => applyLocale(locale, t), [locale, t]);

  const setLocale = useCallback((next: Locale) => {
    persistLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo(() => ({ locale, t, setLocale }), [locale, t, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nContextValue {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export function useT(): Translate {
  return useI18n().t;
}
