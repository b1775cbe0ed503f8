import { describe, expect, it } from 'vitest';
import { isoFromJsonTimestamp } from './activity-event.ts';

describe('isoFromJsonTimestamp', () => {
  it('writes a timestamp(3) as PostgreSQL puts it in JSON exactly as toISOString does', () => {
    for (const [json, iso] of [
      ['2026-08-14T12:44:50.619', '2026-08-14T12:44:50.619Z'],
      ['2026-08-14T12:44:50.61', '2026-08-14T12:44:50.610Z'],
      ['2026-08-14T12:44:50.6', '2026-08-14T12:44:50.600Z'],
      ['2026-08-14T12:44:50', '2026-08-14T12:44:50.000Z'],
    ] as const) {
      expect(isoFromJsonTimestamp(json)).toBe(iso);
      expect(new Date(`${json}Z`).toISOString()).toBe(iso);
    }
  });
});
