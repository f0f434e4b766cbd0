/**
 * The state machine of one application of a permit project, enforced on the server. Who may
 * move an application where: the organiser submits and cancels; an official of the handling
 * organisation confirms receipt, asks for information, processes and decides. When the
 * authority is not in Luukku (no handling organisation), the organiser records the
 * authority's steps too (marked as recorded by the organiser in the history).
 */
import { APPLICATION_STATES, type ApplicationState } from '../../contract/values.js';

export { APPLICATION_STATES, type ApplicationState };
export type Actor = 'organiser' | 'official';

/** Every transition of the machine, and who may make it. */
const MACHINE: Readonly<Record<ApplicationState, Partial<Record<ApplicationState, 'organiser' | 'official'>>>> = {
  draft: { submitted: 'organiser', cancelled: 'organiser' },
  submitted: { received: 'official', cancelled: 'organiser' },
  received: { 'information-requested': 'official', 'in-processing': 'official', decision: 'official', cancelled: 'organiser' },
  // The organiser's answer moves the application back to processing (POST …/answer).
  'information-requested': { 'in-processing': 'official', decision: 'official', cancelled: 'organiser' },
  'in-processing': { 'information-requested': 'official', decision: 'official', cancelled: 'organiser' },
  decision: { 'appeal-period': 'official', final: 'official', cancelled: 'organiser' },
  'appeal-period': { final: 'official', cancelled: 'organiser' },
  final: {},
  cancelled: {},
};

export const TERMINAL: ReadonlySet<ApplicationState> = new Set(['final', 'cancelled']);
/** States in which a decision has been made (no forecast warning any more). */
export const DECIDED: ReadonlySet<ApplicationState> = new Set(['decision', 'appeal-period', 'final']);

export function isState(value: unknown): value is ApplicationState {
  return typeof value === 'string' && (APPLICATION_STATES as readonly string[]).includes(value);
}

/**
 * The states `actor` may move an application in `from` to. `selfRecorded`: the authority is not
 * in Luukku, so the organiser may also make the official's transitions.
 */
export function allowedTransitions(from: ApplicationState, actor: Actor, selfRecorded: boolean): ApplicationState[] {
  return (Object.entries(MACHINE[from]) as [ApplicationState, Actor][])
    .filter(([, who]) => who === actor || (actor === 'organiser' && selfRecorded))
    .map(([to]) => to);
}

export function canTransition(from: ApplicationState, to: ApplicationState, actor: Actor, selfRecorded: boolean): boolean {
  return allowedTransitions(from, actor, selfRecorded).includes(to);
}
