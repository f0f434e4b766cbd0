/** The chat's NOTIFY channel (PGlite lowercases channel names) and payload bound. */
export const CHANNEL = 'luukku_chat';
/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; a larger message goes as ids only. */
export const NOTIFY_MAX_BYTES = 7_900;
