import { defineElement } from '../../core/define.js';
import { LuukkuPermitExplorer } from './permit-explorer.js';

export { LuukkuPermitExplorer };
export * from './events.js';
export { PERMIT_MODES, PERMIT_EXPLORER_STATES, type PermitExplorerMode, type PermitExplorerState } from './model.js';

defineElement('luukku-permit-explorer', LuukkuPermitExplorer);
