import { describe, expect, it } from 'vitest';
import { emailSchema, normalizePhone, renderAddress } from '../contact-normalization.ts';

describe('normalizePhone', () => {
  it.each([
    ['+34 612 345 678', null, '+34612345678'],
    ['612 34 56 78', 'ES', '+34612345678'],
    ['612345678', 'es', '+34612345678'],
    ['00 34 612 345 678', 'ES', '+34612345678'],
    ['+52 55 1234 5678', null, '+525512345678'],
    ['55 1234 5678', 'MX', '+525512345678'],
    ['+1 201 555 0123', null, '+12015550123'],
    ['(201) 555-0123', 'US', '+12015550123'],
    // An international number keeps its own country whatever the default.
    ['+34 612 345 678', 'MX', '+34612345678'],
  ])('reads %j (country %s) as %s', (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['+34 123', null, /not a valid phone number for ES/],
    ['012345678', 'ES', /not a valid phone number for ES/],
    ['+52 1 55 1234', null, /not a valid phone number/],
    ['+1 200 555 0123', null, /not a valid phone number/],
    ['555 0123', 'US', /not a valid phone number for US/],
    ['hello', 'ES', /is not a phone number/],
    ['', 'ES', /is not a phone number/],
  ])('refuses %j (country %s)', (raw, country, message) => {
    const result = normalizePhone(raw, country);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('needs a country to read a national number, and says so', () => {
    for (const raw of ['612345678', '201-555-0123', '55 1234 5678']) {
      const result = normalizePhone(raw, null);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/international format.*give a country/);
    }
    expect(normalizePhone('612345678', undefined).ok).toBe(false);
  });

  it('reads the same national digits differently per country', () => {
    expect(normalizePhone('2015550123', 'US')).toEqual({ ok: true, e164: '+12015550123' });
    expect(normalizePhone('2015550123', 'ES').ok).toBe(false);
  });
});

describe('emailSchema', () => {
  it('trims and lower-cases, so one address has one stored form', () => {
    expect(emailSchema.parse(' Ana.Garcia@Example.COM ')).toBe('ana.garcia@example.com');
    expect(emailSchema.parse('ANA@EXAMPLE.com')).toBe(emailSchema.parse('ana@example.com'));
  });

  it.each(['no-at-sign', 'a@b', 'ana garcia@example.com', 'ana@example.com.', '@example.com', ''])('refuses %j', (email) => {
    const result = emailSchema.safeParse(email);
    expect(result.success).toBe(false);
  });

  it('refuses an address longer than 254 characters with a length message', () => {
    const result = emailSchema.safeParse(`x@${'a'.repeat(250)}.com`);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be at most 254 characters');
  });
});

describe('renderAddress', () => {
  it('renders street, postal code with city, region and country on one line', () => {
    expect(renderAddress({ street: 'Calle Mayor 1', postalCode: '28013', city: 'Madrid', region: 'Comunidad de Madrid', country: 'ES' })).toBe(
      'Calle Mayor 1, 28013 Madrid, Comunidad de Madrid, ES',
    );
  });

  it('leaves out missing parts without empty separators', () => {
    expect(renderAddress({ street: 'Calle Mayor 1', country: 'ES' })).toBe('Calle Mayor 1, ES');
    expect(renderAddress({ street: 'Calle Mayor 1', postalCode: null, city: 'Madrid', region: '', country: 'ES' })).toBe('Calle Mayor 1, Madrid, ES');
    expect(renderAddress({ street: 'Av. Reforma 222', postalCode: '06600', country: 'MX' })).toBe('Av. Reforma 222, 06600, MX');
  });
});
