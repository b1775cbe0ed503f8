import type { Faker } from '@faker-js/faker';
import { pickLocation, postalAddress } from './addresses.ts';
import { contactPointRows, consentRows, externalRefRows } from './child-rows.ts';
import { COUNTRIES, surname, type Country } from './countries.ts';
import type { DemoKit } from './kit.ts';
import { lifecycleOf, organizationAudiences, timelineOf, type OrganizationSize } from './lifecycle.ts';
import { chance, pickWeighted, uuidV7, yearsBefore, type Weighted } from './random.ts';
import type { CustomerRow, DemoCustomer } from './rows.ts';
import { companyTaxId } from './tax-ids.ts';

export interface DemoOrganization extends DemoCustomer {
  country: Country;
  size: OrganizationSize;
  /** Where its staff's work e-mail lives. */
  domain: string;
}

// What Spanish-speaking companies are called: a trade, then a family name or a place.
const TRADES: readonly { words: readonly string[]; industry: string }[] = [
  { words: ['Distribuciones', 'Comercial', 'Mayorista'], industry: 'Wholesale' },
  { words: ['Suministros Industriales', 'Industrias', 'Metalúrgica'], industry: 'Manufacturing' },
  { words: ['Construcciones', 'Reformas', 'Promociones'], industry: 'Construction' },
  { words: ['Talleres', 'Automoción'], industry: 'Automotive' },
  { words: ['Transportes', 'Logística'], industry: 'Logistics' },
  { words: ['Hoteles', 'Restaurantes', 'Catering'], industry: 'Hospitality' },
  { words: ['Clínica', 'Farmacia', 'Laboratorios'], industry: 'Healthcare' },
  { words: ['Academia', 'Centro de Formación'], industry: 'Education' },
  { words: ['Consultoría', 'Asesores', 'Gestoría'], industry: 'Professional services' },
  { words: ['Sistemas', 'Soluciones Informáticas', 'Software'], industry: 'Technology' },
  { words: ['Bodegas', 'Conservas', 'Alimentación', 'Panificadora'], industry: 'Food & beverage' },
  { words: ['Confecciones', 'Textil'], industry: 'Textiles' },
  { words: ['Supermercados', 'Ferretería', 'Muebles', 'Deportes'], industry: 'Retail' },
  { words: ['Inmobiliaria'], industry: 'Real estate' },
  { words: ['Energías Renovables', 'Instalaciones Eléctricas'], industry: 'Energy' },
];
const SPANISH_PLACES = ['Levante', 'del Norte', 'Ibérica', 'Mediterráneo', 'del Sur', 'Atlántica', 'Cantábrica', 'Peninsular', 'Castellana', 'Hispania', 'del Valle', 'Costa Azul'];
const INDUSTRIES = [...new Set(TRADES.map((trade) => trade.industry))];

const SIZES: Weighted<OrganizationSize> = [['MICRO', 35], ['SMALL', 30], ['MEDIUM', 20], ['LARGE', 10], ['ENTERPRISE', 5]];
const EMPLOYEES: Record<OrganizationSize, [number, number]> = {
  MICRO: [1, 9],
  SMALL: [10, 49],
  MEDIUM: [50, 249],
  LARGE: [250, 999],
  ENTERPRISE: [1_000, 20_000],
};

export function buildOrganization(kit: DemoKit): DemoOrganization {
  const { faker } = kit;
  const location = pickLocation(faker, COUNTRIES, (country) => country.organizationWeight);
  const { country, city } = location;
  const local = kit.local(country);
  const { name, industry } = companyName(faker, local, country, city.name);
  const legalForm = pickWeighted(faker, country.legalForms);
  const size = pickWeighted(faker, SIZES);
  const audiences = organizationAudiences(faker, size);
  const lifecycle = lifecycleOf(faker, audiences);
  const timeline = timelineOf(faker, kit.now, lifecycle);
  const address = postalAddress(faker, local, location);
  const foundedAt = faker.date.between({ from: yearsBefore(kit.now, 45), to: yearsBefore(timeline.createdAt, 1) });
  const domain = kit.emails.domain(name, country.webSuffix);

  const customer: CustomerRow = {
    id: uuidV7(faker, timeline.createdAt),
    tenantId: kit.tenantId,
    kind: 'ORGANIZATION',
    displayName: name,
    audiences,
    lifecycle,
    lifecycleChangedAt: timeline.lifecycleChangedAt.toISOString(),
    // Companies are worked by a named rep far more often than consumers are.
    ownerId: kit.owner(audiences.includes('KEY_ACCOUNT') ? 1 : 0.85),
    language: country.languages[0]![0],
    country: country.code,
    region: city.region,
    city: city.name,
    firstName: null,
    lastName: null,
    birthDate: null,
    legalName: `${name} ${legalForm}`,
    taxId: companyTaxId(faker, country.code, { legalForm, postalCode: address.postalCode, name, foundedAt }),
    industry,
    size,
    traits: organizationTraits(faker, size, domain, foundedAt, audiences.includes('KEY_ACCOUNT')),
    createdAt: timeline.createdAt.toISOString(),
    updatedAt: timeline.updatedAt.toISOString(),
  };
  const contactPoints = contactPointRows(kit, customer, [
    { kind: 'EMAIL', value: kit.emails.mailbox(faker.helpers.arrayElement(country.companyMailboxes), domain), label: 'work' },
    { kind: 'PHONE', value: kit.phones.landline(country, city), label: 'work' },
    { kind: 'ADDRESS', label: 'billing', address },
  ]);
  return {
    customer,
    contactPoints,
    consents: consentRows(kit, customer, contactPoints, 0.4),
    externalRefs: externalRefRows(kit, customer, kit.keys.forOrganization(audiences)),
    country,
    size,
    domain,
  };
}

function companyName(faker: Faker, local: Faker, country: Country, cityName: string): { name: string; industry: string } {
  if (!['ES', 'MX', 'AR', 'CO'].includes(country.code)) {
    return { name: withoutLegalForm(local.company.name()), industry: faker.helpers.arrayElement(INDUSTRIES) };
  }
  const trade = faker.helpers.arrayElement(TRADES);
  const word = faker.helpers.arrayElement(trade.words);
  const identity = pickWeighted<() => string>(faker, [
    [() => surname(local), 35],
    [() => `${surname(local)} ${surname(local)}`, 10],
    [() => `Hermanos ${surname(local)}`, 10],
    [() => (country.code === 'ES' ? faker.helpers.arrayElement(SPANISH_PLACES) : cityName), 30],
    [() => cityName, 15],
  ])();
  return { name: `${word} ${identity}`, industry: trade.industry };
}

// The locales' company names sometimes end in a legal form ("Vicente SA"); ours is added separately.
const LOCALE_LEGAL_FORM = / (?:EI|LDA|SA|SCR|ULTDA|EURL|GIE|SARL|SAS|SASU|SCA|SCOP|SCS|SEM|SNC|Group|Inc|LLC|and Sons)$/;

function withoutLegalForm(name: string): string {
  return name.replace(LOCALE_LEGAL_FORM, '');
}

function organizationTraits(faker: Faker, size: OrganizationSize, domain: string, foundedAt: Date, keyAccount: boolean): Record<string, unknown> {
  const [fewest, most] = EMPLOYEES[size];
  const traits: Record<string, unknown> = {
    website: `https://www.${domain}`,
    employees: faker.number.int({ min: fewest, max: most }),
    foundedYear: foundedAt.getUTCFullYear(),
  };
  if (chance(faker, 0.7)) traits.paymentTermsDays = faker.helpers.arrayElement([30, 45, 60, 90]);
  if (chance(faker, 0.5)) traits.creditLimit = Math.round((fewest * faker.number.int({ min: 800, max: 3_000 })) / 500) * 500 + 1_000;
  traits.priceList = keyAccount ? 'key-account' : faker.helpers.arrayElement(['standard', 'standard', 'wholesale']);
  return traits;
}
