/** The header every session-scoped worker route requires. */
export const sessionHeaders = (sessionId: string) => ({ 'x-session-id': sessionId });
