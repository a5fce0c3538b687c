/** The keyset cursor codec lives in the kernel; this path stays for users/service.ts. */
export { decodeCursor, encodeCursor } from '../kernel/keyset.ts';
