// The area's enums as Prisma generates them from prisma/models/identity.prisma: the area's only door
// to the generated client's enums.
export { CustomerMergeStatus } from '../../../src/generated/prisma/enums.ts';
