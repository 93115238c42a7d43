import type { FormRule } from 'antd';

/** Any protocol schema (zod): only safeParse is needed here. */
interface Schema {
  safeParse(value: unknown): { success: boolean };
}

/**
 * A form rule that checks a value against the protocol's own schema (so the client accepts exactly
 * what the server will), with a message in the UI language. Empty values are left to `required`.
 */
export function schemaRule(schema: Schema, message: string): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      if (!schema.safeParse(value).success) throw new Error(message);
    },
  };
}
