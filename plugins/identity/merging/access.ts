import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/plugin-api.ts';

export { MERGE, READ } from '../permissions.ts';

/** The errors the merge mutations may answer with, as typed results. */
export const MERGE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];
