// The identity area's permissions as Pothos scope-auth scopes, for its fields' `authScopes`.
export const READ = { permission: 'identity:read' } as const;
export const MERGE = { permission: 'identity:merge' } as const;
export const IMPORT = { permission: 'identity:import' } as const;
