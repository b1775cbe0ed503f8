import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import { profileQualityBySource, type ProfileQualityRow } from '../../profile/plugin.ts';
import { matchThresholds } from '../matching/find-likely-matches.ts';
import { READ } from '../permissions.ts';
import { likelyDuplicateCustomerIds } from '../store/quality-duplicates.ts';

interface DataQualityReport {
  computedAt: Date;
  threshold: number;
  all: ProfileQualityRow;
  bySource: ProfileQualityRow[];
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** `DataQuality` (one population's figures) and the `dataQuality` query. */
export function registerDataQuality(builder: Builder, _composition: PluginComposition): void {
  const Figures = builder.objectRef<ProfileQualityRow>('DataQuality').implement({
    description: 'How clean the live customers of one source (or of the whole tenant) are.',
    fields: (t) => ({
      source: t.exposeString('source', {
        nullable: true,
        description: 'The system their external references come from; null for customers without one (or, on the tenant’s row, for all of them).',
      }),
      customers: t.exposeInt('customers', { description: 'Live customers counted.' }),
      likelyDuplicates: t.exposeInt('flagged', { description: 'Of them, those in a pair scored as a likely duplicate that nobody dismissed.' }),
      duplicateRate: t.float({ description: 'likelyDuplicates / customers (0 when there are none).', resolve: (row) => share(row.flagged, row.customers) }),
      emailShare: t.float({ description: 'Share with an active e-mail address.', resolve: (row) => share(row.withEmail, row.customers) }),
      phoneShare: t.float({ description: 'Share with an active phone number.', resolve: (row) => share(row.withPhone, row.customers) }),
      consentShare: t.float({ description: 'Share with a consent answer (given or withdrawn) recorded for at least one channel.', resolve: (row) => share(row.withConsent, row.customers) }),
      invalidEmails: t.exposeInt('invalidEmails', { description: 'Active e-mail addresses not of the form name@domain.tld.' }),
      invalidPhones: t.exposeInt('invalidPhones', { description: 'Active phone numbers not in E.164 form.' }),
      incompleteAddresses: t.exposeInt('incompleteAddresses', { description: 'Active postal addresses without postal code, city or country.' }),
    }),
  });

  const Report = builder.objectRef<DataQualityReport>('DataQualityReport').implement({
    description: 'Data-quality figures of the tenant: duplicate rate, completeness and invalid contact points, overall and per source.',
    fields: (t) => ({
      computedAt: t.field({ type: 'DateTime', description: 'When the figures were read.', resolve: (report) => report.computedAt }),
      likelyThreshold: t.exposeFloat('threshold', { description: 'The match score from which a pair counts as a likely duplicate (the tenant’s setting).' }),
      all: t.field({ type: Figures, description: 'Every live customer, once.', resolve: (report) => report.all }),
      bySource: t.field({
        type: [Figures],
        description: 'Per source of external references (a customer known to two systems counts in both), then the customers without any.',
        resolve: (report) => report.bySource,
      }),
    }),
  });

  builder.queryField('dataQuality', (t) =>
    t.field({
      type: Report,
      authScopes: READ,
      description: 'How clean the tenant’s customer data is: duplicate rate, completeness (e-mail, phone, consent) and invalid contact points, overall and per source.',
      resolve: async (_root, _args, context) => {
        const tenantId = viewerOf(context).tenantId;
        const { likely } = await matchThresholds({ sql: context.sql, tenantId });
        const flagged = await likelyDuplicateCustomerIds(context.sql, tenantId, likely);
        const rows = await profileQualityBySource(context.sql, tenantId, flagged);
        const all = rows.find((row) => row.isTotal)!;
        return { computedAt: context.clock.now(), threshold: likely, all, bySource: rows.filter((row) => !row.isTotal) };
      },
    }),
  );
}
