import { describe, expect, it } from 'vitest';
import { changedColumns, resolveMergedProfile, sameValue } from './merge-fields.ts';

// How a merge settles the survivor's own fields: pure, so unmerge can work out again what the
// merge wrote.

const person = (id: string, fields: Record<string, unknown>) => ({
  id,
  kind: 'PERSON' as const,
  displayName: `${fields.firstName ?? ''} ${fields.lastName ?? ''}`.trim(),
  firstName: null,
  lastName: null,
  birthDate: null,
  ownerId: null,
  language: null,
  country: null,
  region: null,
  city: null,
  lifecycle: 'ACTIVE',
  lifecycleChangedAt: new Date('2026-01-01T00:00:00Z'),
  traits: {},
  audiences: [],
  ...fields,
});

describe('the merged profile', () => {
  const survivor = person('s', { firstName: 'Ana', lastName: 'García', city: null, language: 'es', traits: { size: 'M', vip: false }, audiences: ['CUSTOMER'] });
  const first = person('a', { firstName: 'Anna', lastName: 'Garcia', city: 'Madrid', language: 'en', birthDate: new Date('1990-05-01T00:00:00Z'), traits: { vip: true, pet: 'dog' }, audiences: ['PROSPECT'] });
  const second = person('b', { firstName: 'Ana', lastName: 'Garcia Lopez', city: 'Sevilla', region: 'Andalucía', audiences: ['EMPLOYEE', 'CUSTOMER'] });

  it('keeps the survivor’s values and fills its blanks from the first merged record that has one', () => {
    const { values, sources } = resolveMergedProfile(survivor, [first, second], {});
    expect([values.firstName, values.lastName, values.language, values.displayName]).toEqual(['Ana', 'García', 'es', 'Ana García']);
    expect([values.city, sources.city, values.region, sources.region, values.birthDate]).toEqual(['Madrid', 'a', 'Andalucía', 'b', first.birthDate]);
    expect('taxId' in values).toBe(false);
    expect(values.traits).toEqual({ size: 'M', vip: false, pet: 'dog' });
    expect(values.audiences).toEqual(['CUSTOMER', 'EMPLOYEE', 'PROSPECT']);
  });

  it('takes a chosen customer’s value, a blank one too, and follows the name with the display name', () => {
    const { values, sources } = resolveMergedProfile(survivor, [first, second], { lastName: 'b', language: 'b', traits: 'a' });
    expect([values.lastName, values.language, values.displayName, sources.displayName]).toEqual(['Garcia Lopez', null, 'Ana Garcia Lopez', 'b']);
    expect(values.traits).toEqual({ vip: true, pet: 'dog' });
    const named = resolveMergedProfile(survivor, [first, second], { lastName: 'b', displayName: 'a' });
    expect([named.values.displayName, named.sources.displayName]).toEqual(['Anna Garcia', 'a']);
  });

  it('moves the lifecycle with the date it changed, and changes only what differs', () => {
    const lost = person('c', { firstName: 'Ana', lastName: 'García', lifecycle: 'LOST', lifecycleChangedAt: new Date('2026-06-01T00:00:00Z') });
    const profile = resolveMergedProfile(survivor, [lost], { lifecycle: 'c' });
    expect(changedColumns(survivor, profile)).toEqual({ lifecycle: 'LOST', lifecycleChangedAt: lost.lifecycleChangedAt });
    expect(changedColumns(survivor, resolveMergedProfile(survivor, [lost], {}))).toEqual({});
  });

  it('compares values as JSON keeps them', () => {
    expect(sameValue(new Date('1990-05-01T00:00:00Z'), '1990-05-01T00:00:00.000Z')).toBe(true);
    expect(sameValue({ b: 1, a: [1, 2] }, { a: [1, 2], b: 1 })).toBe(true);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue('M', 'm')).toBe(false);
  });
});
