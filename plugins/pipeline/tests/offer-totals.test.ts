import { describe, expect, it } from 'vitest';
import { lineTotal, offerTotals } from '../offers/offer-totals.ts';

// Offer figures in exact integers: quantities in thousandths, prices in cents, discounts in hundredths of a percent.

const decimal = (text: string) => ({ toFixed: (digits: number) => Number(text).toFixed(digits) });
const line = (quantity: string, unitPrice: string, discountPercent = '0') => ({ quantity: decimal(quantity), unitPrice: decimal(unitPrice), discountPercent: decimal(discountPercent) });

describe('offer totals', () => {
  it('rounds each line half up to the cent after its discount', () => {
    expect(lineTotal(line('1', '10.10', '5'))).toBe('9.60'); // 9.595
    expect(lineTotal(line('1.5', '100.01', '12.5'))).toBe('131.26'); // 131.263125
    expect(lineTotal(line('3', '0.01', '50'))).toBe('0.02'); // 0.015
    expect(lineTotal(line('0.001', '0.01'))).toBe('0.00');
    expect(lineTotal(line('2', '19.99', '100'))).toBe('0.00');
  });

  it('adds the lines up: the subtotal before discounts, the total after, the discount between them', () => {
    expect(offerTotals([line('3', '19.99', '10'), line('1.5', '100.01', '12.5'), line('2', '19.99')])).toEqual({ subtotal: '249.97', discount: '24.76', total: '225.21' });
    expect(offerTotals([])).toEqual({ subtotal: '0.00', discount: '0.00', total: '0.00' });
  });

  it('stays exact where floating point would not', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; 1,000,000 lines of 0.01 would drift.
    expect(offerTotals([line('1', '0.10'), line('1', '0.20')]).total).toBe('0.30');
    // (10^6 − 0.001) × (10^7 − 0.01) = 10^13 − 20,000 + 0.00001.
    expect(offerTotals([line('999999.999', '9999999.99')]).total).toBe('9999999980000.00');
  });
});
