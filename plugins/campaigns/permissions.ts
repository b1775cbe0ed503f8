/** The campaigns area's permissions, by name. */
export const READ = 'campaigns:read';
export const WRITE = 'campaigns:write';
export const LAUNCH = 'campaigns:launch';
