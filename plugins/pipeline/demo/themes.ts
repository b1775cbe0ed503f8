/** What a demo deal is about: its name and the products its offers are made of. */
export interface DealTheme {
  name: string;
  skus: readonly string[];
}

export const DEAL_THEMES: readonly DealTheme[] = [
  { name: 'Christmas corporate gifts', skus: ['GIFT-BOX-STD', 'GIFT-BOX-PRM', 'GIFT-XMAS-HAM', 'CARD-GIFT-50'] },
  { name: 'Office catering', skus: ['CATER-BRKF', 'CATER-LUNCH', 'CATER-EVENT'] },
  { name: 'Office coffee and fruit', skus: ['COFFEE-SUB-S', 'COFFEE-SUB-L', 'FRUIT-WEEK'] },
  { name: 'Staff uniforms', skus: ['UNIF-POLO', 'UNIF-JACKET'] },
  { name: 'Store fit-out', skus: ['SHELF-MOD', 'FRIDGE-DISP', 'PACK-ECO'] },
  { name: 'Point-of-sale renewal', skus: ['POS-TERM', 'POS-SUPPORT'] },
  { name: 'Loyalty program', skus: ['LOYAL-WL', 'CARD-GIFT-100'] },
  { name: 'Delivery service', skus: ['DELIV-FLEET', 'PACK-ECO'] },
  { name: 'Employee gift cards', skus: ['CARD-GIFT-50', 'CARD-GIFT-100'] },
];

export const NEXT_STEPS: readonly string[] = [
  'Call to confirm the budget',
  'Send the revised offer',
  'Visit the head office',
  'Demo for the purchasing team',
  'Wait for the board decision',
  'Agree delivery dates',
  'Follow up after the tasting',
  'Meet the new buyer',
];

export const LOST_REASONS = [['PRICE', 30], ['COMPETITOR', 22], ['NO_BUDGET', 16], ['NO_DECISION', 14], ['TIMING', 10], ['PRODUCT_FIT', 5], ['UNRESPONSIVE', 6]] as const;
