-- Campaign names are unique per tenant whatever their case. The application checks first, to answer
-- with a clear message; this index settles two writes that pass that check at the same moment.
-- Prisma's schema cannot express an index on lower(name), so it lives here only (see the comment on
-- the Campaign model in prisma/models/campaigns.prisma).
CREATE UNIQUE INDEX "Campaign_tenantId_lower_name_key" ON "Campaign"("tenantId", lower("name"));
