import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/plugin-api.ts';

export const READ = { permission: 'profile:read' } as const;
export const WRITE = { permission: 'profile:write' } as const;

/** The errors every profile mutation may answer with, as typed results. */
export const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];
