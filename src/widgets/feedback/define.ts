import { defineElement } from '../../core/define.js';
import { LuukkuFeedback } from './feedback-form.js';

export { LuukkuFeedback };
export * from './events.js';

defineElement('luukku-feedback', LuukkuFeedback);
