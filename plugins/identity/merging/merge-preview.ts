import type { Builder } from '../../../src/plugin-api.ts';
import { Audience, Lifecycle, loadCustomer, OrganizationSize, type MergeableField, type MergedProfile } from '../../profile/plugin.ts';
import type { MergePreview } from './run-merge.ts';
import type { MergeTypes } from './merge-types.ts';

/** `MergePreview` and `MergedProfile`: what a dry run of `mergeCustomers` answers. */
export function registerMergePreview(builder: Builder, types: MergeTypes) {
  const value = <Value>(profile: MergedProfile, field: string) => (profile.values as Record<string, unknown>)[field] as Value | null | undefined;
  const text = (field: string, description: string) => ({ nullable: true as const, description, resolve: (profile: MergedProfile) => value<string>(profile, field) ?? null });

  const MergedProfileRef = builder.objectRef<MergedProfile>('MergedProfile').implement({
    description: "The survivor's own fields as a merge would leave them (contact points, consents and the rest are counted in `moves`).",
    fields: (t) => ({
      displayName: t.string({ description: 'The name shown everywhere.', resolve: (profile) => value<string>(profile, 'displayName') ?? '' }),
      firstName: t.string(text('firstName', "A person's given name; null for an organization or when unknown.")),
      lastName: t.string(text('lastName', "A person's family name(s); null for an organization or when unknown.")),
      birthDate: t.field({ type: 'Date', nullable: true, description: "A person's date of birth; null when unknown.", resolve: (profile) => value<Date>(profile, 'birthDate') ?? null }),
      legalName: t.string(text('legalName', "An organization's registered legal name; null for a person or when unknown.")),
      taxId: t.string(text('taxId', "An organization's tax identification number; null for a person or when unknown.")),
      industry: t.string(text('industry', "An organization's line of business; null for a person or when unknown.")),
      size: t.field({ type: OrganizationSize, nullable: true, description: "An organization's head-count band; null for a person or when unknown.", resolve: (profile) => value<OrganizationSize>(profile, 'size') ?? null }),
      ownerId: t.string(text('ownerId', 'User id of the account owner; null when none.')),
      language: t.string(text('language', 'BCP 47 language tag; null when unknown.')),
      country: t.field({ type: 'CountryCode', nullable: true, description: 'ISO 3166-1 alpha-2 country; null when unknown.', resolve: (profile) => value<string>(profile, 'country') ?? null }),
      region: t.string(text('region', 'Province, state or region, as entered; null when unknown.')),
      city: t.string(text('city', 'Town or city, as entered; null when unknown.')),
      lifecycle: t.field({ type: Lifecycle, description: 'Active, inactive or lost.', resolve: (profile) => value<Lifecycle>(profile, 'lifecycle')! }),
      audiences: t.field({ type: [Audience], description: "Every record's audiences, together.", resolve: (profile) => value<Audience[]>(profile, 'audiences') ?? [] }),
      traits: t.field({ type: 'JSONObject', description: 'The free facts.', resolve: (profile) => value<object>(profile, 'traits') ?? {} }),
      sources: t.field({
        type: [types.MergeFieldSource],
        description: 'For each field, the customer whose value the survivor would have.',
        resolve: (profile) => (Object.entries(profile.sources) as [MergeableField, string][]).map(([field, customerId]) => ({ field, customerId })),
      }),
    }),
  });

  return builder.objectRef<MergePreview>('MergePreview').implement({
    description: 'What a merge would do, computed and not written.',
    fields: (t) => ({
      survivor: t.field({ type: 'Customer', description: 'The customer that would remain, as it is now.', resolve: (preview) => preview.survivor }),
      mergedCustomers: t.field({
        type: ['Customer'],
        description: 'The customers that would be merged into it, in the order given.',
        resolve: async (preview, _args, context) => (await Promise.all(preview.mergedIds.map((id) => loadCustomer(context, id)))).filter((customer) => customer !== null),
      }),
      profile: t.field({ type: MergedProfileRef, description: "The survivor's own fields after the merge.", resolve: (preview) => preview.profile }),
      moves: t.field({ type: [types.MergeMoveCount], description: 'Per area and kind of row, what would move or be settled.', resolve: (preview) => preview.moves }),
    }),
  });
}

export type MergePreviewRef = ReturnType<typeof registerMergePreview>;
