import { z } from 'zod';
import { AgencyCodeSchema, AgencyKindSchema, RoleSchema, UsernameSchema } from './common';

export const AgencySchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  parentCode: z.string().nullable(),
  kind: AgencyKindSchema,
  docPrefix: z.string(),
  mailAddress: z.string(),
  sortOrder: z.number().int(),
});
export type Agency = z.infer<typeof AgencySchema>;

export const AgencyListSchema = z.object({ agencies: z.array(AgencySchema) });
export type AgencyList = z.infer<typeof AgencyListSchema>;

export const PersonSchema = z.object({
  username: z.string(),
  name: z.string(),
  title: z.string(),
  roles: z.array(RoleSchema),
  agencyCode: z.string(),
  agencyName: z.string(),
  mailAddress: z.string(),
  disabled: z.boolean(),
});
export type Person = z.infer<typeof PersonSchema>;

export const PersonListSchema = z.object({ users: z.array(PersonSchema), total: z.number().int() });
export type PersonList = z.infer<typeof PersonListSchema>;

/** GET /api/directory/users?agency=&q=&limit=&offset= */
export const PersonQuerySchema = z.object({
  agency: AgencyCodeSchema.optional(),
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PersonQuery = z.infer<typeof PersonQuerySchema>;

export const VenueSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['main', 'county']),
  agencyCode: z.string(),
  operatorUsername: z.string().nullable(),
});
export type Venue = z.infer<typeof VenueSchema>;
export const VenueListSchema = z.object({ venues: z.array(VenueSchema) });

export { UsernameSchema, AgencyCodeSchema };
