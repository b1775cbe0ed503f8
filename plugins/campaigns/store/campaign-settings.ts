import type { Sql } from '../../../src/plugin-api.ts';

/** The cap on marketing contacts per customer across all campaigns: at most maxContacts per perDays days. */
export interface ContactCap {
  maxContacts: number;
  perDays: number;
}

/** What applies while a tenant has not set its own cap. */
export const DEFAULT_CAP: ContactCap = { maxContacts: 2, perDays: 7 };

export async function readContactCap(sql: Sql, tenantId: string): Promise<ContactCap> {
  const [row] = await sql<ContactCap>`SELECT "maxContacts", "perDays" FROM "CampaignSettings" WHERE "tenantId" = ${tenantId}`;
  return row ?? DEFAULT_CAP;
}

export async function writeContactCap(sql: Sql, tenantId: string, cap: ContactCap, now: Date): Promise<ContactCap> {
  const [row] = await sql<ContactCap>`
    INSERT INTO "CampaignSettings" ("tenantId", "maxContacts", "perDays", "updatedAt") VALUES (${tenantId}, ${cap.maxContacts}, ${cap.perDays}, ${now}::timestamp(3))
    ON CONFLICT ("tenantId") DO UPDATE SET "maxContacts" = EXCLUDED."maxContacts", "perDays" = EXCLUDED."perDays", "updatedAt" = EXCLUDED."updatedAt"
    RETURNING "maxContacts", "perDays"`;
  return row!;
}
