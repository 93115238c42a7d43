export { I18nProvider, useI18n, useT } from './I18nProvider';
export { translate, translatorFor, hasMessage, LOCALES, type Locale, type MessageKey, type Translate } from './translate';
export { getLocale, tCurrent } from './locale-store';
