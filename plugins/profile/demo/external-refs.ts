import type { Faker } from '@faker-js/faker';
import type { Audience } from './lifecycle.ts';
import { chance } from './random.ts';

/** The systems a customer record is consolidated from. */
export type Source = 'pos' | 'ecommerce' | 'callcenter' | 'loyalty' | 'erp';

export interface ExternalKey {
  source: Source;
  externalId: string;
}

// Each kind of key looks like the system that issues it; `erp` keeps customers and suppliers apart.
type KeyKind = Exclude<Source, 'erp'> | 'erpCustomer' | 'erpSupplier';
const FORMATS: Record<KeyKind, { source: Source; start: number; render: (sequence: number) => string }> = {
  pos: { source: 'pos', start: 40_000, render: (n) => `TPV-${String(n).padStart(7, '0')}` },
  ecommerce: { source: 'ecommerce', start: 7_004_000_000, render: String },
  callcenter: { source: 'callcenter', start: 100_000, render: (n) => `CC-${n}` },
  loyalty: { source: 'loyalty', start: 120_000_000, render: (n) => `9724${String(n).padStart(9, '0')}` },
  erpCustomer: { source: 'erp', start: 1_000, render: (n) => `C${String(n).padStart(6, '0')}` },
  erpSupplier: { source: 'erp', start: 200, render: (n) => `P${String(n).padStart(5, '0')}` },
};

/**
 * Issues source keys that never repeat within a source: each system numbers its records in
 * order, with the gaps real systems have.
 */
export class ExternalKeys {
  readonly #faker: Faker;
  readonly #last = new Map<KeyKind, number>();

  constructor(faker: Faker) {
    this.#faker = faker;
  }

  /** One to three systems know a person; buyers are in the tills and the shop, prospects in forms. */
  forPerson(audiences: readonly Audience[]): ExternalKey[] {
    const buyer = audiences.some((audience) => audience === 'CUSTOMER' || audience === 'FORMER_CUSTOMER' || audience === 'KEY_ACCOUNT');
    const kinds: KeyKind[] = [];
    if (chance(this.#faker, buyer ? 0.55 : 0.1)) kinds.push('pos');
    if (chance(this.#faker, buyer ? 0.45 : 0.6)) kinds.push('ecommerce');
    if (chance(this.#faker, buyer ? 0.35 : 0.05)) kinds.push('loyalty');
    if (chance(this.#faker, buyer ? 0.1 : 0.25)) kinds.push('callcenter');
    if (kinds.length === 0) kinds.push(buyer ? 'pos' : 'ecommerce');
    return kinds.map((kind) => this.#issue(kind));
  }

  /** Companies live in the ERP once they buy or sell; prospects only in the call center or web shop. */
  forOrganization(audiences: readonly Audience[]): ExternalKey[] {
    const kinds: KeyKind[] = [];
    if (audiences.some((audience) => audience === 'CUSTOMER' || audience === 'FORMER_CUSTOMER') && chance(this.#faker, 0.9)) kinds.push('erpCustomer');
    if (audiences.includes('SUPPLIER')) kinds.push('erpSupplier');
    if (chance(this.#faker, 0.2)) kinds.push('ecommerce');
    if (chance(this.#faker, 0.1) || kinds.length === 0) kinds.push('callcenter');
    return kinds.map((kind) => this.#issue(kind));
  }

  #issue(kind: KeyKind): ExternalKey {
    const format = FORMATS[kind];
    const sequence = (this.#last.get(kind) ?? format.start) + this.#faker.number.int({ min: 1, max: 9 });
    this.#last.set(kind, sequence);
    return { source: format.source, externalId: format.render(sequence) };
  }
}
