/**
 * A tiny store of toasts, usable outside React (the query cache reports errors here) and rendered by
 * `NotificationsProvider`. One toast shows at a time, in the order they came.
 */
export type NotificationSeverity = 'success' | 'info' | 'warning' | 'error';

/** A button in the toast ("Undo"): clicking it runs `onClick` and closes the toast. */
export interface NotificationAction {
  label: string;
  onClick: () => void;
}

export interface Notification {
  id: number;
  message: string;
  severity: NotificationSeverity;
  action?: NotificationAction | undefined;
  /** Toasts with the same group replace each other: only the latest "Undo" is offered. */
  group?: string | undefined;
}

export interface NotifyOptions {
  action?: NotificationAction;
  group?: string;
}

type Listener = () => void;

let queue: readonly Notification[] = [];
let nextId = 1;
const listeners = new Set<Listener>();

function emit(next: readonly Notification[]): void {
  queue = next;
  for (const listener of listeners) listener();
}

export function notify(message: string, severity: NotificationSeverity = 'info', options: NotifyOptions = {}): number {
  const { action, group } = options;
  // The same message twice in a row (say, three failed queries) is shown once.
  const last = queue.at(-1);
  if (!action && !group && last?.message === message && last.severity === severity && !last.action) return last.id;
  const id = nextId++;
  const notification: Notification = { id, message, severity, action, group };
  const sameGroup = group === undefined ? -1 : queue.findIndex((n) => n.group === group);
  if (sameGroup === -1) emit([...queue, notification]);
  else emit(queue.map((n, i) => (i === sameGroup ? notification : n)));
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
