/** Which app a view is part of: the operator console or a customer's portal. */
export type AppMode = 'console' | 'portal';
