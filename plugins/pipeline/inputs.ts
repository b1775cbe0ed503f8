import { z } from 'zod';

/** Text rules every sales input shares. */

export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

export const userIdSchema = text(100);

const EARLIEST_DATE = Date.UTC(2000, 0, 1);
const LATEST_YEARS_AHEAD = 10;

/** A calendar date for plans (close dates, validity): from 2000 to ten years ahead. */
export const planDateSchema = z
  .date()
  .refine((date) => date.getTime() >= EARLIEST_DATE, 'must be in 2000 or later')
  .refine((date) => date.getUTCFullYear() <= new Date().getUTCFullYear() + LATEST_YEARS_AHEAD, `must be at most ${LATEST_YEARS_AHEAD} years ahead`);

export const probabilitySchema = z.number().int('must be a whole number').min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100');

export const versionSchema = z.number().int().min(1, 'must be a version read from the record');

/** Whether the client sent the field at all: absent leaves it, null clears it. */
export function given(raw: object, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(raw, field) && (raw as Record<string, unknown>)[field] !== undefined;
}

/** A calendar date as SQL and the API write it: "2026-03-31". */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
