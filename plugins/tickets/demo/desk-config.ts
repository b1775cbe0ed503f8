import type { TicketKind, TicketPriority } from '../store/enums.ts';
import type { Holiday } from '../config/service-config.ts';
import type { RoutingConditions, RoutingRuleSpec } from '../routing/routing-rules.ts';
import type { BusinessCalendar, WorkingPeriod } from '../sla/business-hours.ts';
import type { PolicyCandidate } from '../sla/policy-selection.ts';
import type { DemoDice } from './random.ts';

// The demo retailer's service desk: a Madrid office calendar and a round-the-clock one, four
// queues (breaches escalate to the supervisors), a typification with scripts, SLA policies per
// priority (tighter for complaints and damaged goods) and routing rules (key accounts to their desk).

export interface DemoCategory {
  id: string;
  kind: TicketKind;
  parentId: string | null;
  name: string;
  script: string | null;
  /** How often tickets of this category come, relative to the others. */
  weight: number;
  subjects: readonly string[];
}

export interface DemoPolicy extends PolicyCandidate {
  name: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  warningPercent: number;
  calendarId: string;
}

export interface DemoDesk {
  calendars: { id: string; name: string; spec: BusinessCalendar; holidays: Holiday[] }[];
  queues: { id: string; name: string; description: string; isDefault: boolean; escalationQueueId: string | null; agents: readonly string[] }[];
  categories: DemoCategory[];
  policies: DemoPolicy[];
  rules: RoutingRuleSpec[];
  rows: { table: string; label: string; rows: object[] }[];
}

const SPANISH_HOLIDAYS: Holiday[] = [
  ['2025-01-01', 'Año Nuevo'], ['2025-01-06', 'Epifanía del Señor'], ['2025-04-18', 'Viernes Santo'], ['2025-05-01', 'Fiesta del Trabajo'],
  ['2025-08-15', 'Asunción de la Virgen'], ['2025-10-13', 'Fiesta Nacional (trasladada)'], ['2025-11-01', 'Todos los Santos'], ['2025-12-06', 'Día de la Constitución'],
  ['2025-12-08', 'Inmaculada Concepción'], ['2025-12-25', 'Navidad'], ['2026-01-01', 'Año Nuevo'], ['2026-01-06', 'Epifanía del Señor'],
  ['2026-04-03', 'Viernes Santo'], ['2026-05-01', 'Fiesta del Trabajo'], ['2026-08-15', 'Asunción de la Virgen'], ['2026-10-12', 'Fiesta Nacional de España'],
  ['2026-11-02', 'Todos los Santos (trasladada)'], ['2026-12-07', 'Día de la Constitución (trasladada)'], ['2026-12-08', 'Inmaculada Concepción'], ['2026-12-25', 'Navidad'],
].map(([date, name]) => ({ date: date!, name: name! }));

const OFFICE_HOURS: WorkingPeriod[] = [1, 2, 3, 4, 5].flatMap((day) => [
  { day, start: '09:00', end: '14:00' },
  { day, start: '15:00', end: '19:00' },
]).concat([{ day: 6, start: '10:00', end: '14:00' }]);
const ALL_DAY: WorkingPeriod[] = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' }));

const CATEGORY_TREE: { kind: TicketKind; name: string; script: string | null; children: { name: string; weight: number; script?: string; subjects: string[] }[] }[] = [
  {
    kind: 'QUERY',
    name: 'Pedidos y productos',
    script: '1. Identifica al cliente (e-mail o teléfono) y confirma sus datos.\n2. Localiza el pedido o el producto en el sistema.\n3. Responde con plazos concretos; si no los sabes, di cuándo volverás a llamar.',
    children: [
      { name: 'Estado del pedido', weight: 14, subjects: ['¿Dónde está mi pedido?', 'Mi pedido sigue en preparación', 'No he recibido el número de seguimiento'] },
      { name: 'Información de producto', weight: 8, subjects: ['¿Tenéis esta talla en tienda?', 'Duda sobre compatibilidad del cargador', 'Medidas del sofá modelo Nórdico'] },
      { name: 'Tiendas y horarios', weight: 4, subjects: ['Horario de la tienda de Gran Vía en festivo', '¿Abrís el domingo?'] },
    ],
  },
  {
    kind: 'COMPLAINT',
    name: 'Quejas',
    script: '1. Escucha sin interrumpir y pide disculpas por la experiencia.\n2. Resume la queja con las palabras del cliente y confírmala.\n3. Ofrece una solución o un compromiso con fecha; registra la causa.',
    children: [
      { name: 'Retraso en la entrega', weight: 9, subjects: ['El pedido llega una semana tarde', 'Me dieron cita de entrega y nadie vino'] },
      {
        name: 'Producto dañado',
        weight: 6,
        script: '1. Pide fotos del producto y del embalaje.\n2. Ofrece cambio inmediato o recogida sin coste.\n3. Si el cliente es cuenta clave, avisa al gestor de la cuenta.',
        subjects: ['La pantalla llegó rota', 'La caja venía aplastada y el jarrón roto'],
      },
      { name: 'Atención en tienda', weight: 3, subjects: ['Trato poco amable en caja', 'Nadie me atendió en la sección de electrónica'] },
    ],
  },
  {
    kind: 'CLAIM',
    name: 'Reclamaciones',
    script: '1. Comprueba el ticket de compra y la fecha.\n2. Explica al cliente sus derechos y los plazos.\n3. Tramita el reembolso o la reparación y envía el justificante.',
    children: [
      { name: 'Devolución y reembolso', weight: 8, subjects: ['Quiero devolver la chaqueta', 'No me han devuelto el dinero de la devolución'] },
      { name: 'Garantía y reparación', weight: 4, subjects: ['La lavadora dejó de funcionar', 'Reparación en garantía del portátil'] },
      { name: 'Error de facturación', weight: 3, subjects: ['Me cobraron dos veces', 'El descuento no se aplicó en la factura'] },
    ],
  },
  {
    kind: 'REQUEST',
    name: 'Solicitudes',
    script: '1. Verifica la identidad del cliente antes de cambiar datos.\n2. Haz el cambio y confírmalo por escrito.',
    children: [
      { name: 'Cambio de datos', weight: 5, subjects: ['Cambio de dirección de envío', 'Actualizar mi teléfono'] },
      { name: 'Copia de factura', weight: 5, subjects: ['Necesito la factura de mi compra', 'Factura a nombre de la empresa'] },
      { name: 'Baja de comunicaciones', weight: 2, subjects: ['No quiero recibir más correos', 'Darme de baja del club'] },
    ],
  },
];

const AGENTS = {
  general: ['agent:lucia.martin', 'agent:javier.ruiz', 'agent:marta.sanz', 'agent:pablo.navarro'],
  complaints: ['agent:elena.romero', 'agent:diego.castro', 'agent:irene.molina'],
  keyAccounts: ['agent:carmen.ortega', 'agent:alvaro.gil'],
  supervisors: ['agent:rosa.delgado', 'agent:miguel.serrano'],
};

export function buildDemoDesk(tenantId: string, dice: DemoDice, createdAt: Date): DemoDesk {
  const id = () => dice.uuidV7(createdAt);
  const at = createdAt.toISOString();
  const office = { id: id(), name: 'Oficina Madrid', spec: { timeZone: 'Europe/Madrid', workingHours: OFFICE_HOURS, holidays: SPANISH_HOLIDAYS.map((h) => h.date) }, holidays: SPANISH_HOLIDAYS };
  const allDay = { id: id(), name: '24 horas', spec: { timeZone: 'Europe/Madrid', workingHours: ALL_DAY, holidays: [] }, holidays: [] };
  const calendars = [office, allDay];

  const supervisors = { id: id(), name: 'Supervisión', description: 'Casos que han incumplido su SLA.', isDefault: false, escalationQueueId: null, agents: AGENTS.supervisors };
  const general = { id: id(), name: 'Atención general', description: 'Consultas y solicitudes.', isDefault: true, escalationQueueId: supervisors.id, agents: AGENTS.general };
  const complaints = { id: id(), name: 'Quejas y reclamaciones', description: 'Quejas, devoluciones, garantías y facturación.', isDefault: false, escalationQueueId: supervisors.id, agents: AGENTS.complaints };
  const keyAccounts = { id: id(), name: 'Cuentas clave', description: 'El mostrador de las cuentas clave.', isDefault: false, escalationQueueId: supervisors.id, agents: AGENTS.keyAccounts };
  const queues = [supervisors, general, complaints, keyAccounts];

  const categories: DemoCategory[] = [];
  for (const root of CATEGORY_TREE) {
    const top: DemoCategory = { id: id(), kind: root.kind, parentId: null, name: root.name, script: root.script, weight: 0, subjects: [] };
    categories.push(top);
    for (const child of root.children) {
      categories.push({ id: id(), kind: root.kind, parentId: top.id, name: child.name, script: child.script ?? null, weight: child.weight, subjects: child.subjects });
    }
  }
  const damaged = categories.find((category) => category.name === 'Producto dañado')!;

  const policy = (name: string, priority: TicketPriority, firstResponseMinutes: number, resolutionMinutes: number, calendarId: string, scope: { kind?: TicketKind; categoryId?: string } = {}): DemoPolicy => ({
    id: id(),
    name,
    priority,
    kind: scope.kind ?? null,
    categoryId: scope.categoryId ?? null,
    firstResponseMinutes,
    resolutionMinutes,
    warningPercent: 75,
    calendarId,
    active: true,
  });
  const policies = [
    policy('Urgente 24 h', 'URGENT', 30, 240, allDay.id),
    policy('Alta', 'HIGH', 60, 8 * 60, office.id),
    policy('Normal', 'NORMAL', 4 * 60, 3 * 8 * 60, office.id),
    policy('Baja', 'LOW', 8 * 60, 5 * 8 * 60, office.id),
    policy('Quejas (normal)', 'NORMAL', 2 * 60, 2 * 8 * 60, office.id, { kind: 'COMPLAINT' }),
    policy('Producto dañado (alta)', 'HIGH', 30, 4 * 60, office.id, { categoryId: damaged.id }),
  ];

  const rule = (name: string, position: number, conditions: RoutingConditions, queueId: string | null, priority: TicketPriority | null): RoutingRuleSpec => ({ id: id(), name, position, conditions, queueId, priority });
  const rules = [
    rule('Cuentas clave a su mostrador', 10, { audiences: ['KEY_ACCOUNT'] }, keyAccounts.id, 'HIGH'),
    rule('Producto dañado, prioridad alta', 20, { categoryIds: [damaged.id] }, complaints.id, 'HIGH'),
    rule('Quejas y reclamaciones', 30, { kinds: ['COMPLAINT', 'CLAIM'] }, complaints.id, null),
  ];

  const rows: DemoDesk['rows'] = [
    {
      table: 'ServiceCalendar',
      label: 'service calendars',
      rows: calendars.map((calendar) => ({
        id: calendar.id, tenantId, name: calendar.name, timeZone: calendar.spec.timeZone,
        workingHours: JSON.stringify(calendar.spec.workingHours), holidays: JSON.stringify(calendar.holidays), createdAt: at, updatedAt: at,
      })),
    },
    {
      table: 'TicketQueue',
      label: 'ticket queues',
      rows: queues.map((queue) => ({
        id: queue.id, tenantId, name: queue.name, description: queue.description, isDefault: queue.isDefault, escalationQueueId: queue.escalationQueueId, active: true, createdAt: at, updatedAt: at,
      })),
    },
    {
      table: 'TicketCategory',
      label: 'ticket categories',
      rows: categories.map((category) => ({ id: category.id, tenantId, kind: category.kind, parentId: category.parentId, name: category.name, script: category.script, active: true, createdAt: at, updatedAt: at })),
    },
    {
      table: 'SlaPolicy',
      label: 'SLA policies',
      rows: policies.map((row) => ({
        id: row.id, tenantId, name: row.name, priority: row.priority, kind: row.kind, categoryId: row.categoryId, firstResponseMinutes: row.firstResponseMinutes,
        resolutionMinutes: row.resolutionMinutes, warningPercent: row.warningPercent, calendarId: row.calendarId, active: true, createdAt: at, updatedAt: at,
      })),
    },
    {
      table: 'RoutingRule',
      label: 'routing rules',
      rows: rules.map((row) => ({
        id: row.id, tenantId, name: row.name, position: row.position, active: true, conditions: JSON.stringify(row.conditions), queueId: row.queueId, priority: row.priority, createdAt: at, updatedAt: at,
      })),
    },
  ];
  return { calendars, queues, categories, policies, rules, rows };
}
