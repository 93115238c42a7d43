import { useState } from 'react';
import { Select, Spin } from 'antd';
import { useApi } from '../../../app/hooks/useApi';
import { useDebounced } from '../../../app/hooks/useDebounced';
import { adminApi } from '../admin-api';

/** A user chosen by searching name / username across the city (a form control). */
export function UserPicker({ value, onChange, placeholder, id }: { value?: string; onChange?(v: string): void; placeholder?: string; id?: string }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const users = useApi((signal) => adminApi.listUsers({ q: q || undefined, limit: 20, offset: 0 }, signal), [q]);

  return (
    <Select<string>
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      notFoundContent={users.loading ? <Spin size="small" /> : undefined}
      options={(users.data?.users ?? [])
        .filter((u) => !u.disabled)
        .map((u) => ({ value: u.username, label: `${u.name}（${u.username}）· ${u.agencyName}` }))}
    />
  );
}
