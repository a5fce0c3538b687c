/**
 * A tiny store of toasts, usable outside React (the query cache reports errors here) and rendered by
 * `NotificationsProvider`. One toast shows at a time, in the order they came.
 */
export type NotificationSeverity = 'success' | 'info' | 'warning' | 'error';

export interface Notification {
  id: number;
  message: string;
  severity: NotificationSeverity;
}

type Listener = () => void;

let queue: readonly Notification[] = [];
let nextId = 1;
const listeners = new Set<Listener>();

function emit(next: readonly Notification[]): void {
  queue = next;
  for (const listener of listeners) listener();
}

export function notify(message: string, severity: NotificationSeverity = 'info'): number {
  const id = nextId++;
  // The same message twice in a row (say, three failed queries) is shown once.
  const last = queue.at(-1);
  if (last?.message === message && last.severity === severity) return last.id;
  emit([...queue, { id, message, severity }]);
  return id;
}

export function dismissNotification(id: number): void {
  if (queue.some((n) => n.id === id)) emit(queue.filter((n) => n.id !== id));
}

export function subscribeNotifications(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function getNotifications(): readonly Notification[] {
  return queue;
}
