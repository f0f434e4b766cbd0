import { defineElement } from '../../core/define.js';
import { LuukkuChat } from './chat.js';

export { LuukkuChat };

defineElement('luukku-chat', LuukkuChat);
