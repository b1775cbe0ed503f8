import type { ProductAvailability } from '../store/enums.ts';

/** What Demo Retail Group sells to businesses: corporate gifts, catering, store fittings, services. */
export interface DemoProduct {
  sku: string;
  name: string;
  unit: string;
  /** Euros. */
  price: number;
  availability: ProductAvailability;
  stockQuantity: number | null;
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { sku: 'GIFT-BOX-STD', name: 'Corporate gift box, standard', unit: 'box', price: 34.9, availability: 'AVAILABLE', stockQuantity: 1_800 },
  { sku: 'GIFT-BOX-PRM', name: 'Corporate gift box, premium', unit: 'box', price: 79.5, availability: 'AVAILABLE', stockQuantity: 640 },
  { sku: 'GIFT-XMAS-HAM', name: 'Christmas hamper with Iberian ham', unit: 'hamper', price: 149, availability: 'LIMITED', stockQuantity: 120 },
  { sku: 'CARD-GIFT-50', name: 'Gift card, 50 €', unit: 'card', price: 50, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'CARD-GIFT-100', name: 'Gift card, 100 €', unit: 'card', price: 100, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'CATER-BRKF', name: 'Office breakfast catering, per person', unit: 'person', price: 8.75, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'CATER-LUNCH', name: 'Business lunch catering, per person', unit: 'person', price: 18.9, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'CATER-EVENT', name: 'Event catering, per person', unit: 'person', price: 32, availability: 'ON_REQUEST', stockQuantity: null },
  { sku: 'COFFEE-SUB-S', name: 'Office coffee subscription, small team', unit: 'month', price: 89, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'COFFEE-SUB-L', name: 'Office coffee subscription, large team', unit: 'month', price: 249, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'FRUIT-WEEK', name: 'Weekly fresh fruit delivery', unit: 'week', price: 42.5, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'UNIF-POLO', name: 'Staff uniform polo, embroidered', unit: 'unit', price: 16.4, availability: 'AVAILABLE', stockQuantity: 3_200 },
  { sku: 'UNIF-JACKET', name: 'Staff uniform jacket', unit: 'unit', price: 48, availability: 'OUT_OF_STOCK', stockQuantity: 0 },
  { sku: 'SHELF-MOD', name: 'Modular store shelving, per metre', unit: 'metre', price: 215, availability: 'AVAILABLE', stockQuantity: 400 },
  { sku: 'FRIDGE-DISP', name: 'Refrigerated display cabinet', unit: 'unit', price: 2_890, availability: 'LIMITED', stockQuantity: 14 },
  { sku: 'POS-TERM', name: 'Point-of-sale terminal with scanner', unit: 'unit', price: 1_150, availability: 'AVAILABLE', stockQuantity: 85 },
  { sku: 'POS-SUPPORT', name: 'Point-of-sale support plan', unit: 'year', price: 360, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'LOYAL-WL', name: 'White-label loyalty program', unit: 'year', price: 4_800, availability: 'ON_REQUEST', stockQuantity: null },
  { sku: 'DELIV-FLEET', name: 'Scheduled delivery service', unit: 'month', price: 690, availability: 'AVAILABLE', stockQuantity: null },
  { sku: 'PACK-ECO', name: 'Eco packaging, 1,000 bags', unit: 'pack', price: 120, availability: 'AVAILABLE', stockQuantity: 900 },
  { sku: 'GIFT-BOX-2024', name: 'Corporate gift box, 2024 edition', unit: 'box', price: 29.9, availability: 'DISCONTINUED', stockQuantity: 0 },
];

/** Deals are in the customer's local currency. */
export const CURRENCY_OF_COUNTRY: Readonly<Record<string, string>> = { ES: 'EUR', PT: 'EUR', FR: 'EUR', MX: 'MXN', CO: 'COP', AR: 'ARS', US: 'USD' };

/** Euros to the currency, and the step amounts and prices are rounded to (in cents): pesos in whole hundreds. */
export const CURRENCY_RATES: Readonly<Record<string, { rate: number; roundTo: number }>> = {
  EUR: { rate: 1, roundTo: 1 },
  USD: { rate: 1.1, roundTo: 1 },
  MXN: { rate: 21, roundTo: 100 },
  COP: { rate: 4_300, roundTo: 10_000 },
  ARS: { rate: 1_050, roundTo: 10_000 },
};

export const PRICE_LIST_NAMES: Readonly<Record<string, string>> = {
  EUR: 'Tarifa general 2026',
  USD: 'US price list 2026',
  MXN: 'Lista de precios México 2026',
  COP: 'Lista de precios Colombia 2026',
  ARS: 'Lista de precios Argentina 2026',
};

/** Euros converted and rounded to the currency's step, in cents. */
export function convertedCents(euros: number, currency: string): number {
  const { rate, roundTo } = CURRENCY_RATES[currency] ?? CURRENCY_RATES.EUR!;
  return Math.max(roundTo, Math.round((euros * rate * 100) / roundTo) * roundTo);
}

export function centsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
