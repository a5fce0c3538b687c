/** Idempotency is shared by every module: it lives in the kernel (this path stays for users/service.ts). */
export { type IdempotencyScope, once } from '../../kernel/idempotency.ts';
