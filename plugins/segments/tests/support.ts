import type pg from 'pg';

// Helpers of the segments area's tests. This file is not a test itself, so it needs nothing from tests/.

/** A global id as the API encodes it: base64 of "Type:rowId". */
export function globalIdOf(typename: string, rowId: string): string {
  return Buffer.from(`${typename}:${rowId}`).toString('base64');
}

export function rowIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}

/** The global id of a customer row of kind PERSON or ORGANIZATION. */
export function customerGlobalIdOf(kind: string, rowId: string): string {
  return globalIdOf(kind === 'PERSON' ? 'Person' : 'Organization', rowId);
}

export { tenantRows } from '../../../tests/support/tenant-rows.ts';

export const CREATE_SEGMENT = /* GraphQL */ `
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) {
      __typename
      ... on SegmentPayload { segment { id name kind size movesWithTime } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on ConflictError { message }
    }
  }
`;

export const PREVIEW = /* GraphQL */ `
  query Preview($rule: SegmentRuleInput!, $first: Int) {
    segmentPreview(rule: $rule, first: $first) { count customers { id } }
  }
`;
