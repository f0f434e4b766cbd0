import { defineElement } from '../../core/define.js';
import { LuukkuFeedbackInsights } from './feedback-insights.js';

export { LuukkuFeedbackInsights };

defineElement('luukku-feedback-insights', LuukkuFeedbackInsights);
