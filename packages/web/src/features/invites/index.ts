export { pendingInvites } from './pending-invites-store.js';
export { usePendingInvites } from './use-pending-invites.js';
