import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { mountRoute } from '../../http/route.ts';

/**
 * TODO(audit-revert): the revert routes' handlers belong to branch `audit-revert` (new files
 * modules/audit/revert*.ts); replace both bodies below before merge. The contract
 * (packages/contract/src/audit.ts, "Revert") says what they answer. Until then they answer 409
 * not_revertible, so the routes are mounted and documented but change nothing.
 */
export function mountAuditRevertRoutes(router: Router, db: Db): void {
  const notYet = () => new AppError(409, 'not_revertible', 'Reverting from the audit log is not available yet.');
  mountRoute(router, db, routes.previewAuditRevert, async () => {
    throw notYet();
  });
  mountRoute(router, db, routes.revertAuditEvent, async () => {
    throw notYet();
  });
}
