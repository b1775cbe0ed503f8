import type { Builder } from '../../src/plugin-api.ts';
import { ForbiddenError } from '../../src/plugin-api.ts';
import type { SegmentEnums } from './enums.ts';
import type { FallbackReason } from './scores/models/lifetime-value.ts';
import { MIN_REPEAT_BUYERS } from './scores/models/lifetime-value.ts';
import { scoreTenant } from './scores/score-tenant.ts';
import type { StoredParameters, StoredValueModel } from './scores/stored-models.ts';
import { READ } from './segment.ts';
import type { SegmentsRuntime } from './segments-runtime.ts';
import { readValueModel } from './store/score-models.ts';

const WRITE = { permission: 'segments:write' } as const;

const FALLBACK_REASON: Record<FallbackReason, string> = {
  TOO_FEW_REPEAT_BUYERS: `Fewer than ${MIN_REPEAT_BUYERS} customers have a repeat purchase of positive value: too few to fit the models on.`,
  FIT_DID_NOT_CONVERGE: 'The maximum-likelihood search did not converge.',
  DEGENERATE_PARAMETERS: 'The fit ran off towards a limit of the model, where its parameters mean nothing.',
  NO_FINITE_MEAN_VALUE: 'The fitted spend model has no finite mean purchase value (q ≤ 1).',
};

type Fitted = Extract<StoredParameters, { method: 'BG_NBD_GAMMA_GAMMA' }>;
type Fallback = Extract<StoredParameters, { method: 'FALLBACK' }>;
const fitted = (model: StoredValueModel) => (model.parameters.method === 'BG_NBD_GAMMA_GAMMA' ? model.parameters : null);
const fallback = (model: StoredValueModel) => (model.parameters.method === 'FALLBACK' ? model.parameters : null);

/** `ValueModel` (a tenant's fitted lifetime-value models) with the `valueModel` query and the `rescoreCustomers` mutation. */
export function registerValueModel(builder: Builder, enums: SegmentEnums, runtime: SegmentsRuntime): void {
  const Purchases = builder.objectRef<Fitted['purchases']>('BgNbdParameters').implement({
    description: 'The BG/NBD model of repeat purchases, in days: while alive a customer buys at a rate λ ~ Gamma(r, α); after each repeat purchase they drop out with probability p ~ Beta(a, b).',
    fields: (t) => ({
      r: t.exposeFloat('r', { description: 'Shape of the purchase rates’ gamma distribution.' }),
      alpha: t.exposeFloat('alpha', { description: 'Rate of the purchase rates’ gamma distribution, in days (r/α is the mean purchases per day).' }),
      a: t.exposeFloat('a', { description: 'First shape of the dropout probabilities’ beta distribution.' }),
      b: t.exposeFloat('b', { description: 'Second shape of the dropout probabilities’ beta distribution.' }),
      logLikelihood: t.exposeFloat('logLikelihood', { description: 'The maximized log-likelihood of the tenant’s purchase histories.' }),
    }),
  });
  const Spend = builder.objectRef<Fitted['spend']>('GammaGammaParameters').implement({
    description: 'The Gamma-Gamma model of the value of a purchase: values are Gamma(p, ν) per customer, with ν ~ Gamma(q, γ) across customers; fitted on repeat purchases.',
    fields: (t) => ({
      p: t.exposeFloat('p', { description: 'Shape of a purchase’s value given the customer.' }),
      q: t.exposeFloat('q', { description: 'Shape of the customers’ rate ν.' }),
      gamma: t.exposeFloat('gamma', { description: 'Rate of the customers’ rate ν, in the scoring currency.' }),
      meanPurchaseValue: t.float({ description: 'The population’s mean purchase value p γ / (q − 1), in the scoring currency.', resolve: (spend) => (spend.p * spend.gamma) / (spend.q - 1) }),
      logLikelihood: t.exposeFloat('logLikelihood', { description: 'The maximized log-likelihood of the repeat buyers’ mean values.' }),
    }),
  });
  const Pattern = builder.objectRef<Fallback['pattern']>('FallbackPurchasePattern').implement({
    description: "What the fallback forecast takes from the whole tenant for customers whose own history says nothing.",
    fields: (t) => ({
      pooledRepeatRate: t.exposeFloat('pooledRepeatRate', { description: 'Repeat purchases per day of customer age, all customers pooled.' }),
      averageRepeatValue: t.exposeFloat('averageRepeatValue', { nullable: true, description: 'Mean of the customers’ average repeat-purchase values; null without any.' }),
    }),
  });
  const FallbackReasonEnum = builder.enumType('ValueModelFallbackReason', {
    description: 'Why a tenant is scored by the fallback rather than the fitted models.',
    values: Object.fromEntries(Object.entries(FALLBACK_REASON).map(([reason, description]) => [reason, { description }])) as Record<FallbackReason, { description: string }>,
  });

  const Model = builder.objectRef<StoredValueModel>('ValueModel').implement({
    description: "The tenant's lifetime-value models as last fitted on its purchases: BG/NBD and Gamma-Gamma, or the labelled fallback with its reason.",
    fields: (t) => ({
      currency: t.exposeString('currency', { nullable: true, description: 'The scoring currency (ISO 4217): the one most purchases are in; null while the tenant has none.' }),
      method: t.field({ type: enums.Method, description: 'Fitted models or the fallback.', resolve: (model) => model.method }),
      fallbackReason: t.field({ type: FallbackReasonEnum, nullable: true, description: 'Why the fallback; null for fitted models.', resolve: (model) => fallback(model)?.fallbackReason ?? null }),
      reason: t.exposeString('reason', { nullable: true, description: 'The fallback’s reason in a sentence with its figures; null for fitted models.' }),
      customers: t.exposeInt('customers', { description: 'Customers with a purchase in the scoring currency: those the models were fitted on.' }),
      repeatBuyers: t.exposeInt('repeatBuyers', { description: 'Of them, those with a repeat purchase of positive value (the spend model’s data).' }),
      horizonDays: t.int({ description: 'The forecast horizon of predicted values, in days.', resolve: (model) => model.parameters.horizonDays }),
      purchaseModel: t.field({ type: Purchases, nullable: true, description: 'The fitted BG/NBD parameters; null for the fallback.', resolve: (model) => fitted(model)?.purchases ?? null }),
      spendModel: t.field({ type: Spend, nullable: true, description: 'The fitted Gamma-Gamma parameters; null for the fallback.', resolve: (model) => fitted(model)?.spend ?? null }),
      fallbackPattern: t.field({ type: Pattern, nullable: true, description: 'What the fallback uses from the whole tenant; null for fitted models.', resolve: (model) => fallback(model)?.pattern ?? null }),
      fittedAt: t.expose('fittedAt', { type: 'DateTime', description: 'When the models were fitted and every customer scored.' }),
      nextScoringAt: t.expose('nextScoringAt', { type: 'DateTime', description: 'When the scheduled pass refits and rescores next.' }),
    }),
  });

  const Payload = builder.objectRef<StoredValueModel>('RescoreCustomersPayload').implement({
    description: 'The models a rescoring fitted.',
    fields: (t) => ({ valueModel: t.field({ type: Model, description: 'The models as stored after the pass.', resolve: (model) => model }) }),
  });

  builder.queryField('valueModel', (t) =>
    t.field({
      type: Model,
      nullable: true,
      authScopes: READ,
      description: "Your tenant's lifetime-value models: fitted parameters, method, the fallback's reason, counts and when they were fitted; null before the first scoring.",
      resolve: (_root, _args, context) => readValueModel(context.sql),
    }),
  );

  builder.mutationField('rescoreCustomers', (t) =>
    t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: [ForbiddenError] },
      description: "Refits the tenant's value models and rescores every customer now, instead of waiting for the scheduled pass.",
      resolve: (_root, _args, context) => context.mutate(() => scoreTenant({ sql: context.sql, runtime }, context.clock.now())),
    }),
  );
}
