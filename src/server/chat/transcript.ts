/** A conversation's transcript as plain text and as a standalone HTML page (every text escaped). */
import type { ChatMessage, ConversationRow } from './conversations.js';

const WHO: Record<ConversationRow['language'], Record<ChatMessage['author'], string>> = {
  fi: { person: 'Sinä', official: 'Virkailija', system: 'Luukku' },
  sv: { person: 'Du', official: 'Tjänsteman', system: 'Luukku' },
  se: { person: 'Don', official: 'Virgeolmmoš', system: 'Luukku' },
  en: { person: 'You', official: 'Official', system: 'Luukku' },
};

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const line = (m: ChatMessage): string =>
  m.attachment ? `[${m.attachment.name}, ${m.attachment.mediaType}, ${m.attachment.size} B]${m.text ? ' ' + m.text : ''}` : m.text;

const stamp = (iso: string): string =>
  new Intl.DateTimeFormat('fi-FI', { timeZone: 'Europe/Helsinki', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

export function transcriptText(row: ConversationRow, messages: ChatMessage[], organisation: string): string {
  const who = WHO[row.language];
  const head = `${organisation} – chat ${row.topic} – ${stamp(new Date(row.created_at).toISOString())} (Europe/Helsinki)\n\n`;
  return head + messages.map((m) => `[${stamp(m.sentAt)}] ${who[m.author]}: ${line(m)}`).join('\n') + '\n';
}

export function transcriptHtml(row: ConversationRow, messages: ChatMessage[], organisation: string): string {
  const who = WHO[row.language];
  const items = messages
    .map(
      (m) =>
        `<li><time datetime="${escapeHtml(m.sentAt)}">${escapeHtml(stamp(m.sentAt))}</time> <b>${escapeHtml(who[m.author])}</b>: <span>${escapeHtml(line(m))}</span></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(row.language)}"><head><meta charset="utf-8"><title>${escapeHtml(organisation)} – chat</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}li{margin:.5rem 0;white-space:pre-wrap}time{color:#555}</style></head>
<body><h1>${escapeHtml(organisation)} – chat (${escapeHtml(row.topic)})</h1>
<ol>
${items}
</ol></body></html>
`;
}
