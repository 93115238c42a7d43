import type { FormRule } from 'antd';
import type { Translate } from '../../../app/i18n/translate';

/** Same limits as the protocol's Password schema (8–128). */
export function passwordRules(t: Translate): FormRule[] {
  return [
    { required: true, message: t('admin.users.passwordTooShort') },
    { min: 8, message: t('admin.users.passwordTooShort') },
    { max: 128, message: t('admin.users.passwordTooLong') },
  ];
}

export function confirmPasswordRules(t: Translate, field = 'password'): FormRule[] {
  return [
    { required: true, message: t('admin.users.confirmRequired') },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: unknown) => {
        if (value && value !== getFieldValue(field)) throw new Error(t('admin.users.passwordMismatch'));
      },
    }),
  ];
}
