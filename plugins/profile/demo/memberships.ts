import type { Faker } from '@faker-js/faker';
import type { Country } from './countries.ts';
import type { DemoOrganization } from './organizations.ts';
import { between, chance, isoDay, latest, pickWeighted, uuidV7, WeightedPool, yearsBefore } from './random.ts';
import type { CustomerRow, MembershipRow } from './rows.ts';

type Sex = 'female' | 'male';

/** A department (`role`) with its job titles, in Spanish (masculine, feminine) and English. */
interface Department {
  role: { es: string; en: string };
  titles: readonly { es: readonly [string, string]; en: string }[];
}

const DEPARTMENTS: readonly Department[] = [
  { role: { es: 'Compras', en: 'Purchasing' }, titles: [{ es: ['Jefe de Compras', 'Jefa de Compras'], en: 'Head of Purchasing' }, { es: ['Comprador', 'Compradora'], en: 'Buyer' }] },
  { role: { es: 'Dirección', en: 'Management' }, titles: [{ es: ['Director General', 'Directora General'], en: 'Managing Director' }, { es: ['Gerente', 'Gerente'], en: 'General Manager' }] },
  { role: { es: 'Finanzas', en: 'Finance' }, titles: [{ es: ['Director Financiero', 'Directora Financiera'], en: 'Chief Financial Officer' }, { es: ['Contable', 'Contable'], en: 'Accountant' }] },
  { role: { es: 'Marketing', en: 'Marketing' }, titles: [{ es: ['Responsable de Marketing', 'Responsable de Marketing'], en: 'Marketing Manager' }] },
  { role: { es: 'Ventas', en: 'Sales' }, titles: [{ es: ['Director Comercial', 'Directora Comercial'], en: 'Sales Director' }, { es: ['Comercial', 'Comercial'], en: 'Account Executive' }] },
  { role: { es: 'Operaciones', en: 'Operations' }, titles: [{ es: ['Jefe de Operaciones', 'Jefa de Operaciones'], en: 'Operations Manager' }] },
  { role: { es: 'Sistemas', en: 'IT' }, titles: [{ es: ['Responsable de Sistemas', 'Responsable de Sistemas'], en: 'IT Manager' }] },
  { role: { es: 'Recursos Humanos', en: 'Human Resources' }, titles: [{ es: ['Técnico de RR. HH.', 'Técnica de RR. HH.'], en: 'HR Specialist' }] },
  { role: { es: 'Logística', en: 'Logistics' }, titles: [{ es: ['Jefe de Almacén', 'Jefa de Almacén'], en: 'Warehouse Manager' }] },
  { role: { es: 'Administración', en: 'Administration' }, titles: [{ es: ['Administrativo', 'Administrativa'], en: 'Office Administrator' }] },
];

// Bigger companies have more people the CRM knows.
const CONTACTS_WEIGHT: Record<DemoOrganization['size'], number> = { MICRO: 1, SMALL: 2, MEDIUM: 4, LARGE: 7, ENTERPRISE: 10 };

export interface PersonMemberships {
  rows: MembershipRow[];
  /** The organization the person mainly works for, if any. */
  primary: DemoOrganization | undefined;
}

/** Decides which organizations a person works for: most none, about 30% one, a few two. */
export class MembershipPlanner {
  readonly #all: WeightedPool<DemoOrganization>;
  readonly #byCountry = new Map<Country['code'], WeightedPool<DemoOrganization>>();

  constructor(organizations: readonly DemoOrganization[]) {
    const weight = (organization: DemoOrganization) => CONTACTS_WEIGHT[organization.size];
    this.#all = new WeightedPool(organizations, weight);
    for (const code of new Set(organizations.map((organization) => organization.country.code))) {
      this.#byCountry.set(code, new WeightedPool(organizations.filter((organization) => organization.country.code === code), weight));
    }
  }

  plan(faker: Faker, tenantId: string, now: Date, person: CustomerRow, country: Country, sex: Sex): PersonMemberships {
    if (this.#all.size === 0) return { rows: [], primary: undefined };
    const count = pickWeighted(faker, [[0, 67], [1, 30], [2, 3]]);
    const chosen: DemoOrganization[] = [];
    for (let attempt = 0; chosen.length < Math.min(count, this.#all.size) && attempt < 10; attempt++) {
      // People mostly work for companies in their own country.
      const pool = (chance(faker, 0.85) && this.#byCountry.get(country.code)) || this.#all;
      const organization = pool.pick(faker);
      if (!chosen.includes(organization)) chosen.push(organization);
    }
    const spanish = person.language === 'es' || person.language === 'ca';
    const rows = chosen.map((organization, index): MembershipRow => {
      const department = faker.helpers.arrayElement(DEPARTMENTS);
      const title = faker.helpers.arrayElement(department.titles);
      const createdAt = between(faker, latest(new Date(person.createdAt), new Date(organization.customer.createdAt)), now);
      return {
        id: uuidV7(faker, createdAt),
        tenantId,
        personId: person.id,
        organizationId: organization.customer.id,
        role: chance(faker, 0.9) ? (spanish ? department.role.es : department.role.en) : null,
        title: chance(faker, 0.85) ? (spanish ? title.es[sex === 'female' ? 1 : 0] : title.en) : null,
        // A second employer is a side job or a board seat, never the main one.
        isPrimary: index === 0 && chance(faker, 0.9),
        startedAt: chance(faker, 0.8) ? isoDay(between(faker, yearsBefore(createdAt, 15), createdAt)) : null,
        createdAt: createdAt.toISOString(),
      };
    });
    return { rows, primary: rows[0]?.isPrimary ? chosen[0] : undefined };
  }
}
