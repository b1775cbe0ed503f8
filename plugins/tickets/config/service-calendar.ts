import { z } from 'zod';
import type { Builder, Context, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, parseInput, viewerOf } from '../../../src/plugin-api.ts';
import { calendarSaved } from '../events.ts';
import { asUuid, globalIdOf } from '../ids.ts';
import { isKnownTimeZone, minutesOf, type WorkingPeriod } from '../sla/business-hours.ts';
import { configChanged, configEvent, MANAGE, MANAGE_ERRORS, requireConfigRow, text } from './config-kit.ts';
import { requestConfig, type CalendarRow, type Holiday } from './service-config.ts';

const READ = { permission: 'tickets:read' } as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

const periodSchema = z
  .object({ day: z.number().int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'), start: z.string().regex(TIME, 'must be HH:MM'), end: z.string().regex(TIME, 'must be HH:MM') })
  .refine((period) => !TIME.test(period.start) || !TIME.test(period.end) || minutesOf(period.start) < minutesOf(period.end), { path: ['end'], message: 'must be after start' });

const holidaySchema = z.object({
  date: z.iso.date('must be a date YYYY-MM-DD'),
  name: text(100),
});

const MAX_PERIODS = 70;
const MAX_HOLIDAYS = 1_000;

const hoursSchema = z
  .array(periodSchema)
  .min(1, 'needs at least one working period')
  .max(MAX_PERIODS, `must have at most ${MAX_PERIODS} periods`)
  .superRefine((periods, issues) => {
    periods.forEach((period, index) => {
      const overlap = periods.findIndex(
        (other, otherIndex) => otherIndex < index && other.day === period.day && minutesOf(other.start) < minutesOf(period.end) && minutesOf(period.start) < minutesOf(other.end),
      );
      if (overlap >= 0) issues.addIssue({ code: 'custom', path: [index], message: `overlaps period ${overlap} of the same day` });
    });
  });

const holidaysSchema = z
  .array(holidaySchema)
  .max(MAX_HOLIDAYS, `must have at most ${MAX_HOLIDAYS.toLocaleString('en-US')} holidays`)
  .superRefine((holidays, issues) => {
    const seen = new Set<string>();
    holidays.forEach((holiday, index) => {
      if (seen.has(holiday.date)) issues.addIssue({ code: 'custom', path: [index, 'date'], message: 'is listed twice' });
      seen.add(holiday.date);
    });
  });

const timeZoneSchema = z.string().refine(isKnownTimeZone, 'is not an IANA time zone, e.g. "Europe/Madrid"');

const createSchema = z.object({ name: text(100), timeZone: timeZoneSchema, workingHours: hoursSchema, holidays: holidaysSchema.nullish() });
const updateSchema = z.object({
  id: z.union([z.string(), z.number()]),
  name: text(100).nullish(),
  timeZone: timeZoneSchema.nullish(),
  workingHours: hoursSchema.nullish(),
  holidays: holidaysSchema.nullish(),
});

/**
 * `ServiceCalendar`: the working hours and holidays SLA targets are measured in. Deadlines already
 * set keep the calendar as it was when they were computed; the next checkpoint of a ticket (a
 * status change, a reply) applies the edited one.
 */
export function registerServiceCalendar(builder: Builder): void {
  const PeriodRef = builder.objectRef<WorkingPeriod>('WorkingPeriod').implement({
    description: 'Working hours on one weekday, in the calendar time zone.',
    fields: (t) => ({
      day: t.exposeInt('day', { description: 'ISO weekday: 1 Monday … 7 Sunday.' }),
      start: t.exposeString('start', { description: 'Local time HH:MM.' }),
      end: t.exposeString('end', { description: 'Local time HH:MM; "24:00" is midnight at the end of the day.' }),
    }),
  });
  const HolidayRef = builder.objectRef<Holiday>('Holiday').implement({
    description: 'A day without working hours: SLA clocks do not run.',
    fields: (t) => ({ date: t.exposeString('date', { description: 'Local date YYYY-MM-DD.' }), name: t.exposeString('name', { description: 'What the day is, e.g. "Christmas Day".' }) }),
  });

  builder.prismaNode('ServiceCalendar', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'Working hours in a time zone, and holidays: the business time SLA targets are measured in.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'What the calendar is, e.g. "Madrid office".' }),
      timeZone: t.exposeString('timeZone', { description: 'IANA zone; working hours are wall-clock times there, so daylight saving is followed.' }),
      workingHours: t.field({ type: [PeriodRef], description: 'When the service works, by weekday; outside them SLA clocks stop.', resolve: (calendar) => calendar.workingHours as unknown as WorkingPeriod[] }),
      holidays: t.field({ type: [HolidayRef], description: 'Days without working hours, by date.', resolve: (calendar) => calendar.holidays as unknown as Holiday[] }),
    }),
  });

  const PeriodInput = builder.inputType('WorkingPeriodInput', {
    description: 'Working hours on one weekday, in the calendar time zone.',
    fields: (t) => ({
      day: t.int({ required: true, description: '1 Monday … 7 Sunday.' }),
      start: t.string({ required: true, description: 'Local time HH:MM when work starts.' }),
      end: t.string({ required: true, description: 'Local time HH:MM when work ends, after `start`; "24:00" for midnight.' }),
    }),
  });
  const HolidayInput = builder.inputType('HolidayInput', {
    description: 'A day without working hours.',
    fields: (t) => ({
      date: t.string({ required: true, description: 'Local date YYYY-MM-DD.' }),
      name: t.string({ required: true, description: 'What the day is, e.g. "Christmas Day".' }),
    }),
  });
  const CreateInput = builder.inputType('CreateServiceCalendarInput', {
    description: 'A new service calendar: working hours and holidays in one time zone.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'What the calendar is, e.g. "Madrid office".' }),
      timeZone: t.string({ required: true, description: 'IANA zone, e.g. "Europe/Madrid".' }),
      workingHours: t.field({ type: [PeriodInput], required: true, description: 'Periods of a day may not overlap; a day may have several (a lunch break).', extensions: { maxItems: MAX_PERIODS } }),
      holidays: t.field({ type: [HolidayInput], description: 'Days without working hours.', extensions: { maxItems: MAX_HOLIDAYS } }),
    }),
  });
  const UpdateInput = builder.inputType('UpdateServiceCalendarInput', {
    description: 'Only the fields given change; working hours and holidays are replaced as a whole.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The calendar (global id).' }),
      name: t.string({ description: 'What the calendar is.' }),
      timeZone: t.string({ description: 'IANA zone, e.g. "Europe/Madrid".' }),
      workingHours: t.field({ type: [PeriodInput], description: 'Replaces the working hours; periods of a day may not overlap.', extensions: { maxItems: MAX_PERIODS } }),
      holidays: t.field({ type: [HolidayInput], description: 'Replaces the holidays.', extensions: { maxItems: MAX_HOLIDAYS } }),
    }),
  });
  const Payload = builder.objectRef<{ calendar: CalendarRow }>('ServiceCalendarPayload').implement({
    description: 'The service calendar a mutation created or changed.',
    fields: (t) => ({ calendar: t.field({ type: 'ServiceCalendar', description: 'The calendar as stored.', resolve: (payload) => payload.calendar }) }),
  });

  builder.queryField('serviceCalendars', (t) =>
    t.prismaField({
      type: ['ServiceCalendar'],
      authScopes: READ,
      description: 'The service calendars, by name.',
      resolve: (query, _root, _args, context) => context.db.serviceCalendar.findMany({ ...query, relationLoadStrategy: 'query', where: { tenantId: viewerOf(context).tenantId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
  );

  builder.mutationFields((t) => ({
    createServiceCalendar: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Creates a service calendar for SLA policies to count business time in.',
      args: { input: t.arg({ type: CreateInput, required: true, description: 'The calendar to create.' }) },
      resolve: async (_root, args, context) => ({ calendar: await saveCalendar(context, null, parseInput(createSchema, args.input)) }),
    }),
    updateServiceCalendar: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Renames a service calendar, or replaces its time zone, working hours or holidays.',
      args: { input: t.arg({ type: UpdateInput, required: true, description: 'The calendar and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateSchema, args.input);
        return { calendar: await saveCalendar(context, input.id, input) };
      },
    }),
  }));
}

async function saveCalendar(context: Context, id: string | number | null, input: Partial<z.output<typeof updateSchema>>): Promise<CalendarRow> {
  const tenantId = viewerOf(context).tenantId;
  const calendar = await context.mutate(async (db) => {
    const calendars = await requestConfig(context).calendars();
    const current = id === null ? null : await requireConfigRow(calendars, id, 'ServiceCalendar', ['input', 'id']);
    const name = input.name ?? current!.name;
    const clash = [...calendars.values()].find((other) => other.name.toLowerCase() === name.toLowerCase() && other.id !== current?.id);
    if (clash) throw new ConflictError(`A calendar is already named "${clash.name}"`, globalIdOf('ServiceCalendar', clash.id));
    const data = {
      name,
      timeZone: input.timeZone ?? current!.timeZone,
      workingHours: (input.workingHours ?? current!.workingHours) as Prisma.InputJsonValue,
      holidays: (input.holidays ?? current?.holidays ?? []) as Prisma.InputJsonValue,
    };
    const saved = current
      ? await db.serviceCalendar.update({ where: { tenantId_id: { tenantId, id: current.id } }, data })
      : await db.serviceCalendar.create({ data: { tenantId, ...data } });
    await context.events.emit(calendarSaved, configEvent('ServiceCalendar', saved.id, { name: saved.name, timeZone: saved.timeZone, created: !current }));
    return saved;
  });
  configChanged(context);
  return calendar;
}
