import { defineElement } from '../../core/define.js';
import { LuukkuProjectTimeline } from './project-timeline.js';

export { LuukkuProjectTimeline };
export * from './events.js';

defineElement('luukku-project-timeline', LuukkuProjectTimeline);
