// The area's enums as Prisma generates them from prisma/models/profile.prisma: the area's only door to
// the generated client's enums (other areas get them from this area's plugin.ts).
export { CustomerKind, Audience, Lifecycle, ContactPointKind, ConsentChannel, ConsentStatus, OrganizationSize } from '../../../src/generated/prisma/enums.ts';
