import { Tag } from 'antd';
import type { Role } from '@yizhan/protocol';
import { useT } from '../i18n';
import { ROLE_COLORS, roleLabel, sortRoles } from '../auth/roles';

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const t = useT();
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {sortRoles(roles).map((role) => (
        <Tag key={role} color={ROLE_COLORS[role] ?? 'default'} style={{ marginInlineEnd: 0 }}>
          {roleLabel(role, t)}
        </Tag>
      ))}
    </span>
  );
}
