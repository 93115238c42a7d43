import { Segmented } from 'antd';
import { useI18n } from '../i18n';
import type { Locale } from '../i18n';

/** 中文 | English; the choice is kept in localStorage. */
export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' | 'large' }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      size={size}
      aria-label={t('lang.switch')}
      value={locale}
      onChange={setLocale}
      options={[
        { label: '中文', value: 'zh-CN', title: t('lang.zh-CN') },
        { label: 'EN', value: 'en-US', title: t('lang.en-US') },
      ]}
    />
  );
}
