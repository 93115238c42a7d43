import { Checkbox } from 'antd';
import type { Role } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { ROLES, roleLabel } from '../../../app/auth/roles';

/** The five roles as checkboxes (a form control: value/onChange). */
export function RoleCheckboxes({ value, onChange }: { value?: Role[]; onChange?(roles: Role[]): void }) {
  const t = useT();
  return (
    <Checkbox.Group<Role>
      value={value}
      onChange={(v) => onChange?.(v)}
      options={ROLES.map((r) => ({ value: r, label: roleLabel(r, t) }))}
      style={{ rowGap: 8 }}
    />
  );
}
