// The area's enums as Prisma generates them from prisma/models/segments.prisma: the area's only door to
// the generated client's enums (other areas get them from this area's plugin.ts).
export { RfmCell, SegmentEntrySource, SegmentKind, ValueModelMethod } from '../../../src/generated/prisma/enums.ts';
