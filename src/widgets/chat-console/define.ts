import { defineElement } from '../../core/define.js';
import { LuukkuChatConsole } from './chat-console.js';

export { LuukkuChatConsole };

defineElement('luukku-chat-console', LuukkuChatConsole);
