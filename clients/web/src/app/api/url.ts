export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** '/directory/users' + {agency:'x', q:''} → '/api/directory/users?agency=x'; empty values are left out. */
export function apiUrl(path: string, query?: Query): string {
  const base = `/api${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return base;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}
