import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../../../src/plugin-api.ts';
import type { MoveOpportunityInput } from '../opportunities/opportunity-inputs.ts';
import { planStageMove } from '../opportunities/stage-rules.ts';

// The transition rules alone: which moves are legal, and what a legal one writes.

const move = (stage: MoveOpportunityInput['stage'], extra: Partial<MoveOpportunityInput> = {}): MoveOpportunityInput => ({ id: 'x', stage, ...extra });
const fieldsOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors.map((field) => field.path.at(-1));
    throw error;
  }
  throw new Error('no ValidationError');
};

describe('planStageMove', () => {
  it('moves freely between open stages, forwards, skipping and back', () => {
    expect(planStageMove({ stage: 'PROSPECT', amount: null }, move('SHORTLIST'), false)).toMatchObject({ from: 'PROSPECT', to: 'SHORTLIST', closing: false, reopening: false, probability: null });
    expect(planStageMove({ stage: 'NEGOTIATION', amount: null }, move('QUALIFICATION', { probability: 30 }), false)).toMatchObject({ to: 'QUALIFICATION', probability: 30 });
  });

  it('wins only with an amount above zero, given now or already set', () => {
    expect(fieldsOf(() => planStageMove({ stage: 'NEGOTIATION', amount: null }, move('CLOSED_WON'), false))).toEqual(['amount']);
    expect(fieldsOf(() => planStageMove({ stage: 'NEGOTIATION', amount: '0.00' }, move('CLOSED_WON'), false))).toEqual(['amount']);
    expect(planStageMove({ stage: 'PROSPECT', amount: '10.00' }, move('CLOSED_WON'), false)).toMatchObject({ amount: '10.00', closing: true });
    expect(planStageMove({ stage: 'PROSPECT', amount: null }, move('CLOSED_WON', { amount: '99.90' }), false)).toMatchObject({ amount: '99.90' });
  });

  it('loses only with a reason, and takes a reason or note only when losing', () => {
    expect(fieldsOf(() => planStageMove({ stage: 'SHORTLIST', amount: null }, move('CLOSED_LOST'), false))).toEqual(['lostReason']);
    expect(planStageMove({ stage: 'SHORTLIST', amount: null }, move('CLOSED_LOST', { lostReason: 'PRICE', lostNote: 'Too dear' }), false)).toMatchObject({ lostReason: 'PRICE', lostNote: 'Too dear' });
    expect(fieldsOf(() => planStageMove({ stage: 'SHORTLIST', amount: null }, move('OPPORTUNITY', { lostReason: 'PRICE', lostNote: 'x' }), false))).toEqual(['lostReason', 'lostNote']);
  });

  it('reports every problem of a move at once', () => {
    expect(fieldsOf(() => planStageMove({ stage: 'PROSPECT', amount: null }, move('CLOSED_WON', { lostReason: 'PRICE', probability: 50 }), false))).toEqual(['amount', 'lostReason', 'probability']);
  });

  it('leaves closed deals to managers, and then reopens them without their outcome', () => {
    expect(() => planStageMove({ stage: 'CLOSED_WON', amount: '5.00' }, move('NEGOTIATION'), false)).toThrow(ForbiddenError);
    expect(() => planStageMove({ stage: 'CLOSED_LOST', amount: null }, move('CLOSED_WON', { amount: '1' }), false)).toThrow(ForbiddenError);
    expect(planStageMove({ stage: 'CLOSED_LOST', amount: null }, move('QUALIFICATION'), true)).toMatchObject({ reopening: true, closing: false, lostReason: null });
  });

  it('refuses staying where it is', () => {
    expect(fieldsOf(() => planStageMove({ stage: 'OPPORTUNITY', amount: null }, move('OPPORTUNITY'), false))).toEqual(['stage']);
  });
});
