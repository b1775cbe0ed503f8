import type { Weighted } from './random.ts';

// What the demo retailer sells, where, and who answers the phone: the fixed vocabulary of the
// interaction history.

export interface Product {
  sku: string;
  name: string;
  /** Shelf price in euros, in cents. */
  priceCents: number;
  /** How often it is bought relative to the others. */
  weight: number;
}

export const RETAIL_PRODUCTS: readonly Product[] = [
  { sku: 'TEX-TSH-001', name: 'Organic cotton T-shirt', priceCents: 1_995, weight: 30 },
  { sku: 'TEX-JNS-014', name: 'Slim fit jeans', priceCents: 4_995, weight: 18 },
  { sku: 'TEX-SWT-022', name: 'Merino wool jumper', priceCents: 6_995, weight: 9 },
  { sku: 'TEX-JKT-031', name: 'Water-repellent parka', priceCents: 12_900, weight: 5 },
  { sku: 'TEX-DRS-040', name: 'Linen summer dress', priceCents: 5_995, weight: 8 },
  { sku: 'TEX-SHR-052', name: 'Oxford shirt', priceCents: 3_995, weight: 12 },
  { sku: 'TEX-SCK-060', name: 'Socks, pack of 3', priceCents: 999, weight: 25 },
  { sku: 'SHO-SNK-101', name: 'Leather sneakers', priceCents: 8_995, weight: 9 },
  { sku: 'SHO-BOT-108', name: 'Chelsea boots', priceCents: 11_900, weight: 4 },
  { sku: 'SHO-SND-115', name: 'Espadrilles', priceCents: 2_995, weight: 8 },
  { sku: 'HOM-TWL-201', name: 'Bath towel set', priceCents: 3_495, weight: 10 },
  { sku: 'HOM-BED-207', name: 'Percale duvet cover', priceCents: 5_995, weight: 7 },
  { sku: 'HOM-CDL-213', name: 'Scented candle', priceCents: 1_295, weight: 14 },
  { sku: 'HOM-MUG-220', name: 'Stoneware mug', priceCents: 795, weight: 16 },
  { sku: 'HOM-LMP-228', name: 'Table lamp', priceCents: 4_995, weight: 4 },
  { sku: 'HOM-PAN-235', name: 'Non-stick frying pan', priceCents: 3_295, weight: 7 },
  { sku: 'BEA-PRF-301', name: 'Eau de parfum 50 ml', priceCents: 5_900, weight: 7 },
  { sku: 'BEA-CRM-307', name: 'Moisturising cream', priceCents: 2_450, weight: 10 },
  { sku: 'BEA-SHM-312', name: 'Solid shampoo', priceCents: 950, weight: 9 },
  { sku: 'ELE-HPH-401', name: 'Wireless earbuds', priceCents: 7_999, weight: 5 },
  { sku: 'ELE-CHG-406', name: 'USB-C charger', priceCents: 2_499, weight: 8 },
  { sku: 'ELE-SPK-412', name: 'Bluetooth speaker', priceCents: 4_999, weight: 4 },
  { sku: 'SPO-YGM-501', name: 'Yoga mat', priceCents: 2_995, weight: 6 },
  { sku: 'SPO-RUN-507', name: 'Running shorts', priceCents: 2_495, weight: 8 },
  { sku: 'SPO-BTL-512', name: 'Insulated bottle', priceCents: 1_995, weight: 9 },
  { sku: 'ACC-BAG-601', name: 'Leather tote bag', priceCents: 9_900, weight: 4 },
  { sku: 'ACC-SGL-606', name: 'Sunglasses', priceCents: 3_995, weight: 6 },
  { sku: 'ACC-WLT-611', name: 'Card wallet', priceCents: 2_995, weight: 6 },
  { sku: 'GFT-CRD-700', name: 'Gift card', priceCents: 5_000, weight: 5 },
];

/** What companies buy: uniforms, gifts for their clients, things for the office. */
export const BUSINESS_PRODUCTS: readonly Product[] = [
  { sku: 'B2B-POL-010', name: 'Embroidered uniform polo', priceCents: 1_890, weight: 20 },
  { sku: 'B2B-JKT-015', name: 'Softshell work jacket', priceCents: 4_450, weight: 8 },
  { sku: 'B2B-GFT-020', name: 'Corporate gift box', priceCents: 3_900, weight: 15 },
  { sku: 'B2B-TOT-025', name: 'Branded tote bag', priceCents: 690, weight: 14 },
  { sku: 'B2B-MUG-030', name: 'Branded stoneware mug', priceCents: 540, weight: 12 },
  { sku: 'B2B-TWL-035', name: 'Hotel towel, white', priceCents: 1_150, weight: 10 },
  { sku: 'B2B-LIN-040', name: 'Hotel bed linen set', priceCents: 3_200, weight: 7 },
  { sku: 'B2B-CRD-050', name: 'Gift cards for employees', priceCents: 5_000, weight: 6 },
];

export type Currency = 'EUR' | 'MXN' | 'COP' | 'ARS' | 'USD';

/** Customers pay in their country's currency; the price list is converted at a fixed rate. */
export const CURRENCY_OF_COUNTRY: Readonly<Record<string, Currency>> = { ES: 'EUR', PT: 'EUR', FR: 'EUR', MX: 'MXN', CO: 'COP', AR: 'ARS', US: 'USD' };

/** Euros to the currency, and the step prices are rounded to (cents): pesos are priced in whole units. */
export const PRICE_LISTS: Readonly<Record<Currency, { rate: number; roundTo: number }>> = {
  EUR: { rate: 1, roundTo: 1 },
  USD: { rate: 1.1, roundTo: 1 },
  MXN: { rate: 21, roundTo: 100 },
  COP: { rate: 4_300, roundTo: 10_000 },
  ARS: { rate: 1_050, roundTo: 10_000 },
};

/** Hours to add to local time to get UTC (winter time; close enough for the shape of a day). */
export const UTC_OFFSET_HOURS: Readonly<Record<string, number>> = { ES: -1, PT: 0, FR: -1, MX: 6, CO: 5, AR: 3, US: 5 };

/** The retailer's shops, by country; customers elsewhere buy online. */
export const STORES: Readonly<Record<string, readonly string[]>> = {
  ES: [
    'Madrid Gran Vía', 'Madrid Castellana', 'Madrid La Vaguada', 'Barcelona Diagonal', "Barcelona Portal de l'Àngel", 'Valencia Colón',
    'Sevilla Nervión', 'Zaragoza Independencia', 'Málaga Larios', 'Bilbao Abando',
  ],
  MX: ['Ciudad de México Polanco'],
};

export const CALL_CENTER_AGENTS = ['agent-carmen', 'agent-pablo', 'agent-irene', 'agent-raul', 'agent-nuria', 'agent-hugo', 'agent-elena', 'agent-ivan', 'agent-marta', 'agent-oscar'];
export const STORE_STAFF = ['staff-laura', 'staff-javier', 'staff-alba', 'staff-sergio', 'staff-paula', 'staff-dani'];
export const SALES_REPS = ['user-ana', 'user-marc', 'user-lucia', 'user-jordi', 'user-sofia', 'user-david'];

export const PAYMENT_METHODS: Weighted<string> = [['card', 70], ['cash', 15], ['bizum', 8], ['gift-card', 4], ['voucher', 3]];

export const INQUIRIES = [
  'Asked when an online order will arrive',
  'Asked whether a size is back in stock',
  'Asked about the return policy',
  'Asked for store opening hours',
  'Asked how to use a gift card online',
  'Asked about the loyalty points balance',
  'Asked for an invoice for a purchase',
  'Asked whether an item can be reserved in store',
  'Asked about delivery to the Canary Islands',
  'Asked how to change the delivery address',
];

export const BUSINESS_INQUIRIES = [
  'Requested a quote for uniforms',
  'Asked for volume pricing',
  'Asked about embroidery lead times',
  'Requested product samples',
  'Asked to update billing details',
];

export interface ComplaintReason {
  category: string;
  summary: string;
  /** Online orders go wrong in their own ways. */
  online: boolean;
}

export const COMPLAINTS: readonly ComplaintReason[] = [
  { category: 'damaged', summary: 'Item arrived damaged', online: true },
  { category: 'late-delivery', summary: 'Delivery a week late', online: true },
  { category: 'wrong-item', summary: 'Received the wrong size', online: true },
  { category: 'missing-item', summary: 'One item missing from the parcel', online: true },
  { category: 'refund', summary: 'Refund for a return not received yet', online: true },
  { category: 'defect', summary: 'Seam came apart after one wash', online: false },
  { category: 'defect', summary: 'Sole came unstuck within a month', online: false },
  { category: 'billing', summary: 'Charged twice at the till', online: false },
  { category: 'service', summary: 'Long queue and no staff at the fitting rooms', online: false },
  { category: 'price', summary: 'Price at the till differed from the label', online: false },
];

export const CAMPAIGNS: Weighted<{ slug: string; summary: string }> = [
  [{ slug: 'newsletter', summary: 'Clicked the weekly newsletter' }, 30],
  [{ slug: 'new-collection', summary: 'Opened the new collection e-mail' }, 15],
  [{ slug: 'coupon', summary: 'Redeemed a 10% coupon' }, 12],
  [{ slug: 'loyalty-double-points', summary: 'Joined the double points weekend' }, 8],
  [{ slug: 'abandoned-cart', summary: 'Came back from an abandoned cart reminder' }, 10],
  [{ slug: 'social-ad', summary: 'Replied to a social media ad' }, 10],
  [{ slug: 'birthday', summary: 'Used the birthday discount' }, 5],
];

export const SERVICES: Weighted<{ summary: string; channel: 'CALL_CENTER_OUTBOUND' | 'LOYALTY_PROGRAM' | 'POINT_OF_SALE' | 'CHAT' }> = [
  [{ summary: 'Delivery slot arranged by phone', channel: 'CALL_CENTER_OUTBOUND' }, 20],
  [{ summary: 'Loyalty points redeemed', channel: 'LOYALTY_PROGRAM' }, 25],
  [{ summary: 'Trousers hemmed in store', channel: 'POINT_OF_SALE' }, 10],
  [{ summary: 'Return processed in store', channel: 'POINT_OF_SALE' }, 15],
  [{ summary: 'Order changed over chat', channel: 'CHAT' }, 15],
  [{ summary: 'Loyalty tier renewed', channel: 'LOYALTY_PROGRAM' }, 10],
];

export const OTHER_EVENTS: Weighted<{ summary: string; channel: 'WEB' | 'MOBILE_APP' }> = [
  [{ summary: 'Signed up for the newsletter', channel: 'WEB' }, 25],
  [{ summary: 'Updated communication preferences', channel: 'MOBILE_APP' }, 20],
  [{ summary: 'Saved items to a wish list', channel: 'WEB' }, 30],
  [{ summary: 'Installed the mobile app', channel: 'MOBILE_APP' }, 15],
  [{ summary: 'Reset the account password', channel: 'WEB' }, 10],
];
