import { describe, expect, it } from 'vitest';
import { DateTime, isCanonicalDateTime } from './date-time.ts';

describe('DateTime', () => {
  it('passes a canonical UTC string through as it is, and it equals what a Date of it answers', () => {
    for (const text of ['2026-08-14T12:44:50.619Z', '2024-02-29T00:00:00.000Z', '0099-12-31T23:59:59.999Z']) {
      expect(DateTime.serialize(text)).toBe(text);
      expect(JSON.stringify(new Date(text))).toBe(JSON.stringify(text));
    }
  });

  it('leaves every other string to graphql-scalars, which turns it into a Date or refuses it', () => {
    expect(DateTime.serialize('2026-08-14T14:44:50.619+02:00')).toEqual(new Date('2026-08-14T12:44:50.619Z'));
    expect(DateTime.serialize('2026-08-14T12:44:50Z')).toEqual(new Date('2026-08-14T12:44:50.000Z'));
    expect(() => DateTime.serialize('2025-02-29T00:00:00.000Z')).toThrow(/DateTime/);
    expect(() => DateTime.serialize('2026-13-01T00:00:00.000Z')).toThrow(/DateTime/);
    expect(() => DateTime.serialize('yesterday')).toThrow(/DateTime/);
  });

  it('knows which days exist', () => {
    expect(isCanonicalDateTime('2000-02-29T00:00:00.000Z')).toBe(true);
    expect(isCanonicalDateTime('1900-02-29T00:00:00.000Z')).toBe(false);
    expect(isCanonicalDateTime('2026-04-31T00:00:00.000Z')).toBe(false);
    expect(isCanonicalDateTime('2026-04-00T00:00:00.000Z')).toBe(false);
    expect(isCanonicalDateTime('2026-04-30T24:00:00.000Z')).toBe(false);
    expect(isCanonicalDateTime('2026-00-10T00:00:00.000Z')).toBe(false);
    expect(isCanonicalDateTime('2026-12-31T23:59:59.999Z')).toBe(true);
    expect(isCanonicalDateTime('2026-12-31T23:59:59.999+00:00')).toBe(false);
  });
});
